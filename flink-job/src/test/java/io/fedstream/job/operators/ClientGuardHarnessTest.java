package io.fedstream.job.operators;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.job.TestUpdates;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientGuardHarnessTest {
    private static final String MODEL = "test-model";
    private static final ModelSpec SPEC = ModelSpec.parse("logreg:3-2"); // 8 parameters
    private static final Duration TTL = Duration.ofMinutes(10);

    private KeyedBroadcastOperatorTestHarness<String, ValidatedUpdate, RawRecord, ValidatedUpdate>
            harness;
    private long offset;

    /**
     * Anomaly detection on, A = 2 anomalies, K = 2 rounds of quarantine, 10 min TTL, other guard
     * options default.
     */
    static JobConfig config() {
        return RoundCoordinatorHarnessTest.config()
                .with(GuardOptions.GUARD_ANOMALY_DETECTION, true)
                .with(GuardOptions.GUARD_ANOMALY_LIMIT, 2)
                .with(GuardOptions.GUARD_QUARANTINE_ROUNDS, 2)
                .with(GuardOptions.GUARD_STATE_TTL, TTL);
    }

    private void open(JobConfig config) throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        new ClientGuard(config),
                        u -> u.clientId,
                        Types.STRING,
                        ClientGuard.MODELS,
                        ClientGuard.TASKS);
        harness.setStateTtlProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private ValidatedUpdate update(String client, long round, float... values) {
        ValidatedUpdate u = new ValidatedUpdate();
        u.modelId = MODEL;
        u.clientId = client;
        u.round = round;
        u.baseVersion = round - 1;
        u.numSamples = 10;
        u.values = values;
        u.raw =
                new RawRecord(
                        "fedstream.updates", 0, offset++, 0, client.getBytes(), new byte[] {1});
        return u;
    }

    private void send(ValidatedUpdate u) throws Exception {
        harness.processElement(new StreamRecord<>(u));
    }

    private void publish(long version, float... parameters) throws Exception {
        GlobalModel model =
                GlobalModel.newBuilder()
                        .setModelId(MODEL)
                        .setVersion(version)
                        .setModelSpec(SPEC.toString())
                        .setParameters(TensorCodec.dense(parameters, SPEC.shapes()))
                        .setCreatedAt(Instant.EPOCH)
                        .build();
        byte[] bytes = Codecs.globalModel().encode(model);
        harness.processBroadcastElement(
                new StreamRecord<>(
                        new RawRecord("fedstream.global-model", 0, version, 0, null, bytes)));
    }

    /** The job's round task for {@code round}, from version round − 1, read back. */
    private void task(long round, String... selected) throws Exception {
        RoundTask t =
                RoundTask.newBuilder()
                        .setModelId(MODEL)
                        .setRound(round)
                        .setModelVersion(round - 1)
                        .setSelectedClients(List.of(selected))
                        .setDeadline(Instant.EPOCH)
                        .setHyperparameters(new Hyperparameters(1, 0.1, 8, 0.0))
                        .setCreatedAt(Instant.EPOCH)
                        .build();
        harness.processBroadcastElement(
                new StreamRecord<>(
                        new RawRecord(
                                "fedstream.round-tasks",
                                0,
                                round,
                                0,
                                null,
                                Codecs.roundTask().encode(t))));
    }

    private void publishRaw(long offset, byte[] bytes) throws Exception {
        harness.processBroadcastElement(
                new StreamRecord<>(
                        new RawRecord("fedstream.global-model", 0, offset, 0, null, bytes)));
    }

    private static GlobalModel.Builder model(long version, Tensor parameters) {
        return GlobalModel.newBuilder()
                .setModelId(MODEL)
                .setVersion(version)
                .setModelSpec(SPEC.toString())
                .setParameters(parameters)
                .setCreatedAt(Instant.EPOCH);
    }

    private List<ReasonCode> deadLetterReasons() throws Exception {
        List<ReasonCode> out = new java.util.ArrayList<>();
        if (harness.getSideOutput(Tags.DEAD_LETTERS) == null) {
            return out; // nothing was dead-lettered
        }
        for (StreamRecord<OutboundRecord> r : harness.getSideOutput(Tags.DEAD_LETTERS)) {
            DeadLetter letter = Codecs.deadLetter().decode(r.getValue().value);
            out.add(letter.getReason());
        }
        return out;
    }

    private List<String> rejectionNotices() {
        return harness.getSideOutput(Tags.REJECTIONS).stream()
                .map(StreamRecord::getValue)
                .map((ControlEvent e) -> e.clientId + ":" + e.reason)
                .toList();
    }

    /** Entries of the guard's keyed state (the test harness keeps it on the heap). */
    private int keyedStateEntries() {
        return ((HeapKeyedStateBackend<?>) harness.getOperator().getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    private List<Long> passedRounds() {
        return harness.extractOutputValues().stream().map(u -> u.round).toList();
    }

    @Test
    void rejectsAReplayOfAnEarlierUpdate() throws Exception {
        open(config());
        task(1, "a", "b");
        send(update("a", 1, 1, 2, 3, 4, 5, 6, 7, 8));
        send(update("b", 1, 1, 2, 3, 4, 5, 6, 7, 8)); // another client may coincide
        task(2, "a", "b");
        send(update("a", 2, 1, 2, 3, 4, 5, 6, 7, 8));
        assertThat(passedRounds()).containsExactly(1L, 1L);
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.REPLAYED);
        assertThat(rejectionNotices()).containsExactly("a:REPLAYED");
    }

    @Test
    void rejectsASecondUpdateInTheSameRound() throws Exception {
        open(config());
        task(1, "a");
        send(update("a", 1, 1, 0, 0, 0, 0, 0, 0, 0));
        send(update("a", 1, 2, 0, 0, 0, 0, 0, 0, 0));
        assertThat(passedRounds()).containsExactly(1L);
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.DUPLICATE);
        assertThat(rejectionNotices()).containsExactly("a:DUPLICATE");
    }

    @Test
    void quarantinesAfterTwoAnomaliesAndLiftsItAfterTwoRounds() throws Exception {
        open(config());
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        publish(1, 1, 0, 0, 0, 0, 0, 0, 0); // previous aggregate delta g = e_0
        task(2, "a", "h");
        send(update("a", 2, -1, 0, 0, 0, 0, 0, 0, 0)); // cosine -1: anomaly 1
        send(update("h", 2, 1, 1, 0, 0, 0, 0, 0, 0)); // honest: cosine 0.71
        task(3, "a");
        send(update("a", 3, -2, 0, 0, 0, 0, 0, 0, 0)); // anomaly 2: quarantined through 5
        task(4, "a");
        send(update("a", 4, 1, 0, 0, 0, 0, 0, 0, 0)); // a good update is still refused
        task(5, "a");
        send(update("a", 5, 2, 0, 0, 0, 0, 0, 0, 0));
        task(6, "a");
        send(update("a", 6, 3, 0, 0, 0, 0, 0, 0, 0)); // quarantine lifted
        assertThat(harness.extractOutputValues())
                .extracting(u -> u.clientId + u.round)
                .containsExactly("h2", "a6");
        assertThat(deadLetterReasons())
                .containsExactly(
                        ReasonCode.ANOMALOUS_UPDATE,
                        ReasonCode.ANOMALOUS_UPDATE,
                        ReasonCode.QUARANTINED,
                        ReasonCode.QUARANTINED);
        assertThat(rejectionNotices())
                .containsExactly(
                        "a:ANOMALOUS_UPDATE",
                        "a:ANOMALOUS_UPDATE",
                        "a:QUARANTINED",
                        "a:QUARANTINED");
    }

    @Test
    void keepsOnlyTheTwoNewestModelsInBroadcastState() throws Exception {
        open(config());
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        publish(1, 1, 0, 0, 0, 0, 0, 0, 0);
        publish(2, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(harness.getBroadcastState(ClientGuard.MODELS).entries())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder(1L, 2L);
        // g = v2 - v1 = e_1 now: an update along e_0 is orthogonal (passes), against e_1 is not.
        send(update("a", 3, 1, 0, 0, 0, 0, 0, 0, 0));
        send(update("b", 3, 0, -1, 0, 0, 0, 0, 0, 0));
        assertThat(passedRounds()).containsExactly(3L);
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.ANOMALOUS_UPDATE);
    }

    @Test
    void ignoresBadRecordsOnTheGlobalModelTopicAndKeepsJudging() throws Exception {
        open(config());
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        Tensor sparse = CompressedTensors.sparse(new int[] {0}, new float[] {5}, SPEC.shapes());
        publishRaw(10, Codecs.globalModel().encode(model(7, sparse).build()));
        Tensor shortData = TensorCodec.dense(new float[8], SPEC.shapes());
        shortData.setData(ByteBuffer.wrap(new byte[12])); // 3 floats for 8 parameters
        publishRaw(11, Codecs.globalModel().encode(model(8, shortData).build()));
        Tensor wrongShape =
                TensorCodec.dense(new float[10], ModelSpec.parse("logreg:4-2").shapes());
        publishRaw(12, Codecs.globalModel().encode(model(9, wrongShape).build()));
        publishRaw(
                13,
                Codecs.globalModel()
                        .encode(
                                model(10, TestUpdates.tensor(new float[8]))
                                        .setModelId("x")
                                        .build()));
        publishRaw(14, new byte[] {(byte) 0xC3, 0x01, 1, 2, 3});
        publishRaw(15, null);
        Tensor nan = TestUpdates.tensor(Float.NaN, 0, 0, 0, 0, 0, 0, 0);
        publishRaw(16, Codecs.globalModel().encode(model(11, nan).build()));
        publish(1, 1, 0, 0, 0, 0, 0, 0, 0); // previous aggregate delta g = e_0

        assertThat(harness.getBroadcastState(ClientGuard.MODELS).entries())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder(0L, 1L);
        // Judged against g = v1 - v0 = e_0: along it passes, against it is anomalous.
        send(update("a", 2, 1, 0, 0, 0, 0, 0, 0, 0));
        send(update("b", 2, -1, 0, 0, 0, 0, 0, 0, 0));
        assertThat(passedRounds()).containsExactly(2L);
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.ANOMALOUS_UPDATE);
    }

    @Test
    void ignoresModelsOfOtherModelIds() throws Exception {
        open(config().with(RoundOptions.MODEL_ID, "other-model"));
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(harness.getBroadcastState(ClientGuard.MODELS).entries()).isEmpty();
    }

    @Test
    void forgetsAClientAfterTheStateTtl() throws Exception {
        open(config());
        task(1, "a");
        send(update("a", 1, 1, 2, 3, 4, 5, 6, 7, 8));
        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        task(2, "a");
        send(update("a", 2, 1, 2, 3, 4, 5, 6, 7, 8)); // still remembered: replay
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.REPLAYED);

        // The replay rejection wrote the record at TTL - 1; expire it from there.
        harness.setStateTtlProcessingTime(2 * TTL.toMillis());
        task(3, "a");
        send(update("a", 3, 1, 2, 3, 4, 5, 6, 7, 8)); // history gone: passes as new
        assertThat(passedRounds()).containsExactly(1L, 3L);
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.REPLAYED);
    }

    @Test
    void aForgedUpdateForAFutureRoundDoesNotMakeTheRealOneADuplicate() throws Exception {
        open(config());
        task(1, "a");
        send(update("a", 2, 9, 9, 9, 9, 9, 9, 9, 9)); // forged under a's id, round 2 not open
        send(update("a", 7, 9, 9, 9, 9, 9, 9, 9, 8)); // and far ahead
        task(2, "a");
        send(update("a", 2, 1, 0, 0, 0, 0, 0, 0, 0)); // a's own update for round 2
        // The forged ones were judged (and pass on to the coordinator, which refuses them: not
        // the open round) but not remembered; the real one is no DUPLICATE.
        assertThat(passedRounds()).containsExactly(2L, 7L, 2L);
        assertThat(deadLetterReasons()).isEmpty();
    }

    @Test
    void forgedAnomaliesForRoundsAClientIsNotSelectedInDoNotQuarantineIt() throws Exception {
        open(config());
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        publish(1, 1, 0, 0, 0, 0, 0, 0, 0); // g = e_0
        task(2, "h");
        send(update("v", 2, -1, 0, 0, 0, 0, 0, 0, 0)); // forged under v, not selected: anomalous
        task(3, "h");
        send(update("v", 3, -2, 0, 0, 0, 0, 0, 0, 0)); // a second one: still no quarantine
        task(4, "v");
        send(update("v", 4, 1, 0, 0, 0, 0, 0, 0, 0)); // v's own update passes
        assertThat(harness.extractOutputValues())
                .extracting(u -> u.clientId + u.round)
                .containsExactly("v4");
        assertThat(deadLetterReasons())
                .containsExactly(ReasonCode.ANOMALOUS_UPDATE, ReasonCode.ANOMALOUS_UPDATE);
    }

    @Test
    void updatesUnderIdsNoTaskSelectedCreateNoState() throws Exception {
        open(config());
        task(1, "a");
        for (int i = 0; i < 100; i++) {
            send(update("fake-" + i, 1, i, 0, 0, 0, 0, 0, 0, 0));
        }
        assertThat(keyedStateEntries()).isZero();
        send(update("a", 1, 1, 0, 0, 0, 0, 0, 0, 0));
        assertThat(keyedStateEntries()).isEqualTo(1);
    }

    @Test
    void anOlderTaskReadLateDoesNotReplaceTheNewest() throws Exception {
        open(config());
        task(3, "a");
        task(2, "b");
        assertThat(harness.getBroadcastState(ClientGuard.TASKS).entries())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly(3L);
    }

    @Test
    void ignoresBadRecordsOnTheRoundTaskTopic() throws Exception {
        open(config());
        harness.processBroadcastElement(
                new StreamRecord<>(
                        new RawRecord("fedstream.round-tasks", 0, 0, 0, null, new byte[] {7})));
        harness.processBroadcastElement(
                new StreamRecord<>(new RawRecord("fedstream.round-tasks", 0, 1, 0, null, null)));
        assertThat(harness.getBroadcastState(ClientGuard.TASKS).entries()).isEmpty();
        task(1, "a");
        send(update("a", 1, 1, 0, 0, 0, 0, 0, 0, 0));
        send(update("a", 1, 2, 0, 0, 0, 0, 0, 0, 0));
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.DUPLICATE);
    }

    @Test
    void judgesSparseUpdatesAgainstThePreviousAggregate() throws Exception {
        open(config());
        publish(0, 0, 0, 0, 0, 0, 0, 0, 0);
        publish(1, 1, 0, 0, 0, 0, 0, 0, 0); // g = e_0
        task(2, "a", "b");
        ValidatedUpdate flipped = update("a", 2, -3f);
        flipped.indices = new int[] {0}; // -3 e_0: cosine -1
        ValidatedUpdate along = update("b", 2, 1f, 1f);
        along.indices = new int[] {0, 5}; // cosine 1 / sqrt 2
        send(flipped);
        send(along);
        assertThat(harness.extractOutputValues()).extracting(u -> u.clientId).containsExactly("b");
        assertThat(deadLetterReasons()).containsExactly(ReasonCode.ANOMALOUS_UPDATE);
    }
}
