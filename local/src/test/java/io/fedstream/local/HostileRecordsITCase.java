package io.fedstream.local;

import static io.fedstream.local.HostileRecords.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.local.pipeline.InMemoryTopics;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and malformed updates through the whole job on a MiniCluster: each lands in the
 * dead-letter topic with its reason and its original bytes, the job keeps running, and the rounds
 * complete with the good updates only. Kafka is not the subject here: the job runs on {@link
 * InMemoryTopics} (a test source of encoded records and a collecting sink), and finishes by itself
 * once the test ends its input.
 */
class HostileRecordsITCase {
    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Versions from here on are records the test puts on the global-model topic itself. */
    private static final long INJECTED = 1_000;

    private InMemoryTopics topics;

    private void send(String key, byte[] value) {
        topics.append(Topics.UPDATES, key, value);
    }

    @Test
    @Timeout(300)
    void hostileRecordsAreDeadLetteredWithReasonsWhileRoundsCompleteWithGoodUpdates()
            throws Exception {
        Configuration c = new Configuration();
        // Client identity is the subject of ClientIdentityITCase, not of this test.
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 3);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        // Rounds here close when every selected client has answered, and the clients send one
        // heartbeat each: neither deadline may pass on a slow machine.
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMinutes(10));
        c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMinutes(10));
        c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        JobConfig config = JobConfig.of(c);

        try (InMemoryTopics t = InMemoryTopics.create();
                LocalJob job = t.startJob(config, 2)) {
            topics = t;
            for (String client : List.of("c1", "c2", "c3")) {
                topics.append(
                        Topics.HEARTBEATS,
                        client,
                        Codecs.heartbeat()
                                .encode(
                                        ClientHeartbeat.newBuilder()
                                                .setClientId(client)
                                                .setModelId(MODEL)
                                                .setNumSamples(10)
                                                .setDevice(Map.of())
                                                .setTimestamp(Instant.now())
                                                .build()));
            }

            RoundTask task1 =
                    topics.await(
                                    Topics.ROUND_TASKS,
                                    Codecs.roundTask(),
                                    r -> !r.isEmpty(),
                                    WAIT,
                                    "round task 1")
                            .get(0);
            assertThat(task1.getRound()).isEqualTo(1);
            assertThat(task1.getSelectedClients()).containsExactly("c1", "c2", "c3");
            float[] v0 = params(awaitModels(1, "model v0").get(0));

            Map<ReasonCode, byte[]> hostile = new HashMap<>();
            hostile.put(ReasonCode.UNDECODABLE, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
            hostile.put(
                    ReasonCode.WRONG_MODEL,
                    bytes(update("c1", 1, 10, delta(0)).setModelId("other")));
            float[] nan = delta(0);
            nan[3] = Float.NaN;
            hostile.put(ReasonCode.NON_FINITE, bytes(update("c2", 1, 10, nan)));
            ModelUpdate.Builder wrongShape = update("c3", 1, 10, delta(0));
            wrongShape.setDelta(
                    TensorCodec.dense(new float[10], ModelSpec.parse("logreg:4-2").shapes()));
            hostile.put(ReasonCode.SHAPE_MISMATCH, bytes(wrongShape));
            ModelUpdate.Builder shortData = update("c3", 1, 10, delta(0));
            shortData.getDelta().setData(ByteBuffer.wrap(new byte[12]));
            hostile.put(ReasonCode.LENGTH_MISMATCH, bytes(shortData));
            hostile.put(ReasonCode.BAD_NUM_SAMPLES, bytes(update("c1", 1, 0, delta(0))));
            hostile.put(ReasonCode.FUTURE_ROUND, bytes(update("c2", 7, 10, delta(0))));
            hostile.put(ReasonCode.NOT_SELECTED, bytes(update("mallory", 1, 10, delta(0))));
            // Hostile compressed deltas (8 coordinates; layouts in docs/wire-format.md).
            hostile.put(
                    ReasonCode.INDEX_OUT_OF_RANGE,
                    bytes(rawDelta("c1", TensorEncoding.SPARSE_F32, 0, 2, 18, 0, 0, 0x80, 0x3F)));
            hostile.put(
                    ReasonCode.DUPLICATE_INDEX,
                    bytes(
                            rawDelta(
                                    "c2",
                                    TensorEncoding.SPARSE_F32,
                                    0,
                                    4,
                                    4,
                                    0,
                                    0,
                                    0,
                                    0x80,
                                    0x3F,
                                    0,
                                    0,
                                    0x80,
                                    0x3F)));
            hostile.put(
                    ReasonCode.UNSORTED_INDICES,
                    bytes(
                            rawDelta(
                                    "c3",
                                    TensorEncoding.SPARSE_F32,
                                    0,
                                    4,
                                    10,
                                    3,
                                    0,
                                    0,
                                    0x80,
                                    0x3F,
                                    0,
                                    0,
                                    0x80,
                                    0x3F)));
            hostile.put(
                    ReasonCode.BAD_SCALE,
                    bytes(rawDelta("c1", TensorEncoding.SPARSE_Q8, 0, 2, 2, 0, 0, 0xC0, 0x7F, 1)));
            for (Map.Entry<ReasonCode, byte[]> e : hostile.entrySet()) {
                send("evil-" + e.getKey(), e.getValue());
            }
            // Hostile records whose reason one of the above already has; dead letters are
            // matched to them by the SHA-256 of their payload.
            List<Map.Entry<ReasonCode, byte[]>> more = new ArrayList<>();
            // An update just under the 8 MiB record limit (its delta far too long): its dead
            // letter must stay small, or the exactly-once sink could not write it.
            more.add(Map.entry(ReasonCode.LENGTH_MISMATCH, nearLimitUpdate("c1")));
            byte[] valid = bytes(update("c2", 1, 10, delta(0)));
            more.add(Map.entry(ReasonCode.UNDECODABLE, Arrays.copyOf(valid, valid.length + 1)));
            // DENSE_Q8 of the 8 coordinates: scale 1.0, then code -128 (0x80) among 0s.
            more.add(
                    Map.entry(
                            ReasonCode.BAD_SCALE,
                            bytes(
                                    rawDelta(
                                            "c3",
                                            TensorEncoding.DENSE_Q8,
                                            0,
                                            0,
                                            0x80,
                                            0x3F,
                                            0,
                                            0,
                                            0x80,
                                            0,
                                            0,
                                            0,
                                            0,
                                            0))));
            more.add(
                    Map.entry(
                            ReasonCode.BAD_TRAINING_STATS,
                            bytes(update("c3", 1, 10, delta(0)).setTrainingLoss(Double.NaN))));
            more.add(
                    Map.entry(
                            ReasonCode.BAD_ID, bytes(update("c".repeat(10_000), 1, 10, delta(0)))));
            for (Map.Entry<ReasonCode, byte[]> e : more) {
                send("evil-more-" + e.getKey(), e.getValue());
            }
            // The job reads its own global-model topic back (the client guard): records there
            // that are no model of this job are ignored, and the job keeps running.
            Tensor sparse = CompressedTensors.sparse(new int[] {0}, new float[] {5}, SPEC.shapes());
            topics.append(Topics.GLOBAL_MODEL, MODEL, foreignModel(INJECTED, sparse));
            Tensor shortDense = TensorCodec.dense(new float[SPEC.numParameters()], SPEC.shapes());
            shortDense.setData(ByteBuffer.wrap(new byte[12]));
            topics.append(Topics.GLOBAL_MODEL, MODEL, foreignModel(INJECTED + 1, shortDense));

            // Good round-1 updates, and one duplicate after c1's first (same key: same
            // partition, in order).
            float[][] good = {delta(1), delta(-2), delta(0.5f)};
            long[] samples = {10, 30, 60};
            send("c1", bytes(update("c1", 1, samples[0], good[0])));
            byte[] duplicate = bytes(update("c1", 1, 500, delta(100)));
            send("c1", duplicate);
            hostile.put(ReasonCode.DUPLICATE, duplicate);
            send("c2", bytes(update("c2", 1, samples[1], good[1])));
            send("c3", bytes(update("c3", 1, samples[2], good[2])));

            float[] v1 = params(awaitModels(2, "model v1").get(1));
            for (int i = 0; i < v1.length; i++) {
                double mean =
                        (samples[0] * good[0][i]
                                        + samples[1] * good[1][i]
                                        + samples[2] * good[2][i])
                                / 100.0;
                assertThat((double) v1[i]).isCloseTo(v0[i] + mean, within(1e-6));
            }

            // Round 1 is closed: a late update for it is stale (from a client that sent none
            // for it: c2's second one would be the guard's DUPLICATE). Round 2 completes with
            // every client answering.
            byte[] stale = bytes(update("late", 1, 10, delta(9)));
            send("late", stale);
            hostile.put(ReasonCode.STALE_ROUND, stale);
            // c1 answers with a sparse delta holding every coordinate, the others densely:
            // the sparse one goes through the job and the mean is unchanged.
            float[] d2 = delta(0.1f);
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            send(
                    "c1",
                    bytes(
                            update("c1", 2, 10, d2)
                                    .setDelta(CompressedTensors.sparse(all, d2, SPEC.shapes()))));
            for (String client : List.of("c2", "c3")) {
                send(client, bytes(update(client, 2, 10, d2)));
            }
            float[] v2 = params(awaitModels(3, "model v2").get(2));
            for (int i = 0; i < v2.length; i++) {
                assertThat(v2[i]).isCloseTo(v1[i] + d2[i], within(1e-6f));
            }

            // The job has released version 2, the last: it finishes once its input ends, and
            // then every dead letter and metrics record it will ever write is on the topics.
            topics.end();
            job.awaitFinished(WAIT);
            List<Map.Entry<ReasonCode, byte[]>> expected = new ArrayList<>(hostile.entrySet());
            expected.addAll(more);
            Map<String, DeadLetter> byHash = new HashMap<>();
            for (DeadLetter d : topics.read(Topics.DEAD_LETTER, Codecs.deadLetter())) {
                assertThat(byHash.put(hex(d.getPayloadSha256()), d))
                        .as("an earlier dead letter of the same payload, reason %s", d.getReason())
                        .isNull();
            }
            assertThat(byHash).hasSize(expected.size());
            for (Map.Entry<ReasonCode, byte[]> e : expected) {
                DeadLetter d = byHash.get(hex(ByteBuffer.wrap(sha256(e.getValue()))));
                assertThat(d).as("dead letter of the %s record", e.getKey()).isNotNull();
                assertThat(d.getReason()).isEqualTo(e.getKey());
                byte[] payload = new byte[d.getPayload().remaining()];
                d.getPayload().get(payload);
                assertThat(payload)
                        .as("payload prefix of %s", e.getKey())
                        .isEqualTo(
                                Arrays.copyOf(e.getValue(), Math.min(4096, e.getValue().length)));
                assertThat(d.getPayloadSize()).isEqualTo((long) e.getValue().length);
                assertThat(d.getSourceTopic()).isEqualTo(Topics.UPDATES);
                assertThat(d.getDetail()).isNotBlank();
            }
            assertThat(
                            byHash.get(
                                            hex(
                                                    ByteBuffer.wrap(
                                                            sha256(
                                                                    hostile.get(
                                                                            ReasonCode
                                                                                    .NON_FINITE)))))
                                    .getDetail())
                    .isEqualTo("value NaN at index 3");
            DeadLetter nearLimit = byHash.get(hex(ByteBuffer.wrap(sha256(more.get(0).getValue()))));
            assertThat(nearLimit.getPayloadSize()).isEqualTo(Topics.MAX_MESSAGE_BYTES - 100L);
            assertThat(Codecs.deadLetter().encode(nearLimit).length).isLessThan(8 * 1024);
            DeadLetter badId = byHash.get(hex(ByteBuffer.wrap(sha256(more.get(4).getValue()))));
            assertThat(badId.getDetail())
                    .isEqualTo("client_id has 10000 characters: expected at most 128");
            assertThat(byHash.get(hex(ByteBuffer.wrap(sha256(more.get(2).getValue())))).getDetail())
                    .isEqualTo("DENSE_Q8: code -128 of value 2 (block 0): expected [-127, 127]");
            assertThat(byHash.get(hex(ByteBuffer.wrap(sha256(more.get(3).getValue())))).getDetail())
                    .isEqualTo("training_loss NaN: expected a finite value in [0, 1e6] (nats)");

            List<RoundMetrics> server =
                    topics.read(Topics.METRICS, Codecs.roundMetrics()).stream()
                            .filter(m -> m.getSource() == MetricsSource.SERVER)
                            .toList();
            assertThat(server).extracting(RoundMetrics::getRoundNumber).containsExactly(0L, 1L, 2L);
            assertThat(awaitModels(3, "all versions"))
                    .extracting(GlobalModel::getVersion)
                    .containsExactly(0L, 1L, 2L);
            long rejectedTotal =
                    server.stream()
                            .mapToLong(
                                    m ->
                                            m.getRejected().values().stream()
                                                    .mapToLong(Long::longValue)
                                                    .sum())
                            .sum();
            assertThat(rejectedTotal).isEqualTo(expected.size());
            assertThat(server.get(1).getParticipants()).isEqualTo(3);
        }
    }

    /** The job's released models, without the records the test put on the topic. */
    private List<GlobalModel> awaitModels(int n, String what) throws InterruptedException {
        return topics
                .await(
                        Topics.GLOBAL_MODEL,
                        Codecs.globalModel(),
                        r -> released(r).size() >= n,
                        WAIT,
                        what)
                .stream()
                .filter(m -> m.getVersion() < INJECTED)
                .toList();
    }

    private static List<GlobalModel> released(List<GlobalModel> all) {
        return all.stream().filter(m -> m.getVersion() < INJECTED).toList();
    }
}
