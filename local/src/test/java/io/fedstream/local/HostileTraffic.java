package io.fedstream.local;

import static io.fedstream.avro.ReasonCode.*;
import static io.fedstream.local.HostileCase.*;
import static io.fedstream.local.HostileRecords.*;

import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.clientmanager.selection.ClientSelection;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.TestRecords;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The catalogue's records whose fate depends on the round (an update for the wrong round or
 * version, from a client not selected, a duplicate, a replay, one after the last round), hostile
 * heartbeats, records on the topics the job reads back (global-model, round-task), and floods.
 */
final class HostileTraffic {
    private HostileTraffic() {}

    /**
     * Updates the round coordinator refuses while {@code round} is open: for another round or
     * version under the victim's id, and from clients not selected, some with ids that look like a
     * selected one's.
     */
    static List<HostileCase> roundRules(String victim, long round) {
        return List.of(
                toUpdates("future round", FUTURE_ROUND, victim, bytes(u(victim, round + 5))),
                toUpdates("not selected", NOT_SELECTED, "stranger", bytes(u("stranger", round))),
                toUpdates(
                        "base version mismatch",
                        BASE_VERSION_MISMATCH,
                        victim,
                        bytes(u(victim, round).setBaseVersion(round + 6))),
                // The job takes a record's timestamp as its event time; the producer chooses it.
                toUpdates("not selected", NOT_SELECTED, "stranger", bytes(u("stranger", round)))
                        .at("record timestamp 0 (1970)", 0),
                toUpdates("not selected", NOT_SELECTED, "stranger", bytes(u("stranger", round)))
                        .at(
                                "record timestamp 50 min ahead",
                                System.currentTimeMillis() + 3_000_000),
                // NFC of the selected "Jose" + combining acute; "alice" with a Cyrillic a.
                toUpdates(
                        "look-alike id (NFC)",
                        NOT_SELECTED,
                        "Jos\u00E9",
                        bytes(u("Jos\u00E9", round))),
                toUpdates(
                        "look-alike id (homoglyph)",
                        NOT_SELECTED,
                        "\u0430lice",
                        bytes(u("\u0430lice", round))));
    }

    private static ModelUpdate.Builder u(String client, long round) {
        return update(client, round, 10, delta(2));
    }

    /** A second update of {@code client} for {@code round}, sent after its first. */
    static HostileCase duplicate(String client, long round) {
        return toUpdates(
                "duplicate",
                ReasonCode.DUPLICATE,
                client,
                bytes(update(client, round, 500, delta(100))));
    }

    /** {@code client}'s delta of an earlier round sent again for {@code round}. */
    static HostileCase replay(String client, long round, long samples, float[] earlierDelta) {
        return toUpdates(
                "replay of the previous round's delta",
                ReasonCode.REPLAYED,
                client,
                bytes(update(client, round, samples, earlierDelta)));
    }

    /** An update for the round before {@code round}, from a client that sent none for it. */
    static HostileCase stale(long round) {
        return toUpdates(
                "stale round",
                ReasonCode.STALE_ROUND,
                "latecomer",
                bytes(update("latecomer", round - 1, 10, delta(3))));
    }

    /** Updates sent after the final round {@code rounds} was released. */
    static List<HostileCase> afterTraining(String victim, long rounds) {
        return List.of(
                toUpdates(
                        "update after the final round",
                        ReasonCode.TRAINING_COMPLETE,
                        victim,
                        bytes(update(victim, rounds + 1, 10, delta(4)))),
                toUpdates(
                        "update for the final round after it closed",
                        ReasonCode.TRAINING_COMPLETE,
                        "newcomer",
                        bytes(update("newcomer", rounds, 10, delta(4)))));
    }

    /** Heartbeats that are no heartbeat of a valid client of this model. */
    static List<HostileCase> heartbeats() {
        byte[] valid = bytes(heartbeat("hb-valid"));
        byte[] nearLimit =
                sized(
                        Topics.MAX_MESSAGE_BYTES - 100,
                        n ->
                                bytes(
                                        heartbeat("big\u0000")
                                                .setDevice(Map.of("blob", "d".repeat(n)))));
        return List.of(
                toHeartbeats("heartbeat: garbage", ReasonCode.UNDECODABLE, "hb", garbage(48, 6)),
                toHeartbeats("heartbeat: tombstone", ReasonCode.UNDECODABLE, "hb", null),
                toHeartbeats(
                        "heartbeat: unknown schema",
                        ReasonCode.UNKNOWN_SCHEMA,
                        "hb",
                        unknownFingerprint(valid)),
                toHeartbeats(
                        "heartbeat: trailing bytes",
                        ReasonCode.UNDECODABLE,
                        "hb",
                        Arrays.copyOf(valid, valid.length + 1)),
                toHeartbeats(
                        "heartbeat: control char in id",
                        ReasonCode.BAD_ID,
                        "hb",
                        bytes(heartbeat("hb\u001B[31m"))),
                toHeartbeats("heartbeat: empty id", ReasonCode.BAD_ID, "", bytes(heartbeat(""))),
                toHeartbeats(
                        "heartbeat: id of 10,000 chars",
                        ReasonCode.BAD_ID,
                        "hb",
                        bytes(heartbeat("h".repeat(10_000)))),
                toHeartbeats(
                        "heartbeat: zero-width char in id",
                        ReasonCode.BAD_ID,
                        "hb",
                        bytes(heartbeat("h\u200Db"))),
                toHeartbeats(
                        "heartbeat 100 bytes under the record limit",
                        ReasonCode.BAD_ID,
                        "big",
                        nearLimit),
                toHeartbeats(
                        "heartbeat of another model",
                        null,
                        "zed",
                        bytes(heartbeat("zed").setModelId("someone-else"))));
    }

    /**
     * Records that are no model or task of this job on the global-model and round-task topics,
     * which the job reads back (with the version or round of the open round, where they have one).
     */
    static List<HostileCase> readBack(long round) {
        float[] zeros = new float[SPEC.numParameters()];
        float[] nan = zeros.clone();
        nan[2] = Float.NaN;
        Tensor shortDense = TensorCodec.dense(zeros, SPEC.shapes());
        shortDense.setData(ByteBuffer.wrap(new byte[12]));
        byte[] nearLimit =
                sized(
                        Topics.MAX_MESSAGE_BYTES - 100 - MODEL.length(),
                        n -> foreignModel(round, rawTensor(new byte[n])));
        List<String> tooMany =
                IntStream.rangeClosed(0, ClientSelection.MAX_SELECTED)
                        .mapToObj(i -> "z" + i)
                        .toList();
        String models = Topics.GLOBAL_MODEL;
        String tasks = Topics.ROUND_TASKS;
        return List.of(
                toReadBack("global model: garbage", models, garbage(80, 7)),
                toReadBack("global model: tombstone", models, null),
                toReadBack(
                        "global model: another model's",
                        models,
                        model("someone-else", SPEC, round, zeros)),
                toReadBack(
                        "global model: sparse",
                        models,
                        foreignModel(
                                round,
                                CompressedTensors.sparse(
                                        new int[] {0}, new float[] {5}, SPEC.shapes()))),
                toReadBack("global model: NaN", models, model(MODEL, SPEC, round, nan)),
                toReadBack(
                        "global model: wrong shape",
                        models,
                        model(MODEL, ModelSpec.parse("logreg:4-2"), round, new float[10])),
                toReadBack("global model: data too short", models, foreignModel(round, shortDense)),
                toReadBack("global model: negative version", models, model(MODEL, SPEC, -1, zeros)),
                toReadBack("global model 100 bytes under the limit", models, nearLimit),
                toReadBack("round task: garbage", tasks, garbage(80, 8)),
                toReadBack("round task: tombstone", tasks, null),
                toReadBack(
                        "round task: another model's",
                        tasks,
                        task("someone-else", round + 1, List.of("zed"))),
                toReadBack(
                        "round task: control char in a selected id",
                        tasks,
                        task(MODEL, round + 1, List.of("evil\u0000"))),
                toReadBack("round task: 10,001 selected", tasks, task(MODEL, round + 1, tooMany)),
                toReadBack("round task: round 0", tasks, task(MODEL, 0, List.of("zed"))));
    }

    private static byte[] model(String id, ModelSpec spec, long version, float[] params) {
        return Codecs.globalModel()
                .encode(TestRecords.globalModel(id, spec, version, params, false));
    }

    private static Tensor rawTensor(byte[] data) {
        return new Tensor(
                TensorEncoding.DENSE_F32_LE,
                TensorCodec.toAvroShapes(SPEC.shapes()),
                ByteBuffer.wrap(data));
    }

    /** {@code n} valid updates for {@code round} under fresh ids. */
    static List<HostileCase> updateFlood(long round, int n) {
        List<HostileCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "flood-" + i;
            out.add(
                    toUpdates(
                            "flood of updates under fresh ids",
                            ReasonCode.NOT_SELECTED,
                            id,
                            bytes(update(id, round, 10, delta(i)))));
        }
        return out;
    }

    /** {@code n} heartbeats under distinct ids with a control character. */
    static List<HostileCase> badIdHeartbeatFlood(int n) {
        List<HostileCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = "flood\u0001" + i;
            out.add(
                    toHeartbeats(
                            "flood of heartbeats under bad ids",
                            ReasonCode.BAD_ID,
                            id,
                            bytes(heartbeat(id))));
        }
        return out;
    }

    /**
     * {@code n} valid heartbeats, cycling over {@code ids}: not refused (a valid heartbeat of a
     * valid id is no error), so none has a dead letter.
     */
    static List<HostileCase> heartbeatFlood(String name, List<String> ids, int n) {
        List<HostileCase> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = ids.get(i % ids.size());
            out.add(toHeartbeats(name, null, id, bytes(heartbeat(id))));
        }
        return out;
    }

    private static byte[] task(String model, long round, List<String> selected) {
        return Codecs.roundTask()
                .encode(
                        RoundTask.newBuilder()
                                .setModelId(model)
                                .setRound(round)
                                .setModelVersion(Math.max(0, round - 1))
                                .setSelectedClients(selected)
                                .setDeadline(TestRecords.CREATED_AT)
                                .setHyperparameters(new Hyperparameters(1, 0.1, 8, 0.0))
                                .setCreatedAt(TestRecords.CREATED_AT)
                                .build());
    }
}
