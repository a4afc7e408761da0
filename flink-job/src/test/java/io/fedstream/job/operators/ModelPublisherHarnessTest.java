package io.fedstream.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.TestUpdates;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.Optimizer;
import io.fedstream.job.config.OptimizerOptions;
import io.fedstream.job.optimizer.ServerOptimizerState;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ShardResult;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ModelPublisherHarnessTest {

    private static RoundSummary summary(long round, boolean last) {
        RoundSummary s = new RoundSummary();
        s.modelId = TestUpdates.MODEL;
        s.round = round;
        s.rejected = new long[0];
        s.finalRound = last;
        s.nextSelected = last ? new String[0] : new String[] {"a", "b"};
        s.nextDeadline = 99;
        return s;
    }

    private static ShardResult result(long round, int shard, float v, boolean last) {
        return new ShardResult(
                TestUpdates.MODEL, round, shard, new float[] {v, v, v, v}, summary(round, last));
    }

    @Test
    void releasesRoundsInOrderOnceEveryShardArrivedAndClearsPendingState() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ShardResult, OutboundRecord> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ModelPublisher(RoundCoordinatorHarnessTest.config(), 2),
                        r -> r.modelId,
                        Types.STRING)) {
            harness.processElement(new StreamRecord<>(result(0, 1, 0f, false)));
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement(new StreamRecord<>(result(0, 0, 0f, false)));

            List<OutboundRecord> out = harness.extractOutputValues();
            assertThat(out)
                    .extracting(r -> r.topic)
                    .containsExactly(Topics.GLOBAL_MODEL, Topics.ROUND_TASKS, Topics.METRICS);
            GlobalModel v0 = Codecs.globalModel().decode(out.get(0).value);
            float[] initial = TestUpdates.SPEC.initialParameters(42L);
            assertThat(v0.getVersion()).isZero();
            assertThat(TensorCodec.values(v0.getParameters())).containsExactly(initial);
            RoundTask task = Codecs.roundTask().decode(out.get(1).value);
            assertThat(task.getRound()).isEqualTo(1);
            assertThat(task.getModelVersion()).isZero();
            assertThat(task.getSelectedClients()).containsExactly("a", "b");
            harness.getOutput().clear();

            // Round 2 completes before round 1: it must wait.
            harness.processElement(new StreamRecord<>(result(2, 0, 2f, true)));
            harness.processElement(new StreamRecord<>(result(2, 1, 2f, true)));
            harness.processElement(new StreamRecord<>(result(1, 0, 1f, false)));
            assertThat(harness.extractOutputValues()).isEmpty();
            harness.processElement(new StreamRecord<>(result(1, 1, 1f, false)));

            List<OutboundRecord> released = harness.extractOutputValues();
            List<GlobalModel> models =
                    released.stream()
                            .filter(r -> r.topic.equals(Topics.GLOBAL_MODEL))
                            .map(r -> decode(r.value))
                            .toList();
            assertThat(models).extracting(GlobalModel::getVersion).containsExactly(1L, 2L);
            float[] v2 = TensorCodec.values(models.get(1).getParameters());
            for (int i = 0; i < v2.length; i++) {
                assertThat(v2[i]).isEqualTo(initial[i] + 1f + 2f);
            }
            assertThat(models.get(1).getTrainingComplete()).isTrue();
            // No RoundTask after the final round.
            assertThat(released)
                    .extracting(r -> r.topic)
                    .containsExactly(
                            Topics.GLOBAL_MODEL,
                            Topics.ROUND_TASKS,
                            Topics.METRICS,
                            Topics.GLOBAL_MODEL,
                            Topics.METRICS);
            RoundMetrics m = Codecs.roundMetrics().decode(released.get(4).value);
            assertThat(m.getRoundNumber()).isEqualTo(2);
            // parameters, last-released and the released steps remain; no pending round.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ShardResult, OutboundRecord>
            harness(JobConfig config) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ModelPublisher(config, 2)),
                r -> r.modelId,
                Types.STRING);
    }

    /** Both shards of {@code round}, each with its slice of {@code delta} (8 parameters). */
    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, ShardResult, OutboundRecord> h,
            long round,
            float[] delta,
            boolean last)
            throws Exception {
        for (int shard = 0; shard < 2; shard++) {
            h.processElement(
                    new StreamRecord<>(
                            new ShardResult(
                                    TestUpdates.MODEL,
                                    round,
                                    shard,
                                    Arrays.copyOfRange(delta, 4 * shard, 4 * shard + 4),
                                    summary(round, last))));
        }
    }

    private static float[] lastModel(
            KeyedOneInputStreamOperatorTestHarness<String, ShardResult, OutboundRecord> h) {
        List<GlobalModel> models =
                h.extractOutputValues().stream()
                        .filter(r -> r.topic.equals(Topics.GLOBAL_MODEL))
                        .map(r -> decode(r.value))
                        .toList();
        return TensorCodec.values(models.get(models.size() - 1).getParameters());
    }

    @Test
    void fedAdamRestoredFromASnapshotGivesTheUnfailedRunsNextModelBitForBit() throws Exception {
        JobConfig config =
                RoundCoordinatorHarnessTest.config()
                        .with(OptimizerOptions.SERVER_OPTIMIZER, Optimizer.FEDADAM);
        float[] d1 = {0.5f, 0.5f, 0.5f, 0.5f, -0.25f, -0.25f, -0.25f, -0.25f};
        float[] d2 = {0.25f, 0.25f, 0.25f, 0.25f, 0.01f, 0.01f, 0.01f, 0.01f};
        OperatorSubtaskState afterRound1;
        float[] unfailed;
        try (var h = harness(config)) {
            h.open();
            feed(h, 0, new float[8], false);
            feed(h, 1, d1, false);
            // parameters, last-released, the released steps and the optimizer state
            assertThat(h.numKeyedStateEntries()).isEqualTo(4);
            afterRound1 = h.snapshot(1L, 1L);
            feed(h, 2, d2, true);
            unfailed = lastModel(h);
        }
        float[] restored;
        try (var h = harness(config)) {
            h.initializeState(afterRound1);
            h.open();
            feed(h, 2, d2, true);
            assertThat(h.extractOutputValues())
                    .extracting(r -> r.topic)
                    .containsExactly(Topics.GLOBAL_MODEL, Topics.METRICS);
            restored = lastModel(h);
        }
        float[] initial = TestUpdates.SPEC.initialParameters(42L);
        for (int i = 0; i < 8; i++) {
            assertThat(Float.floatToRawIntBits(restored[i]))
                    .as("coordinate %d", i)
                    .isEqualTo(Float.floatToRawIntBits(unfailed[i]));
        }
        // The moments crossed the restore: FedAdam's two steps on (0.5, 0.25) and (-0.25, 0.01)
        // (ServerOptimizerStepsTest) sum to 9.802019012e-3 + 1.234863125e-2 and -9.608070595e-3 -
        // 8.296527736e-3; a fresh state in round 2 would give 9.6e-3 and -4.1e-3 instead.
        for (int i = 0; i < 8; i++) {
            double want =
                    i < 4 ? 9.802019012e-3 + 1.234863125e-2 : -9.608070595e-3 - 8.296527736e-3;
            assertThat((double) (restored[i] - initial[i])).isCloseTo(want, within(1e-6));
        }
    }

    @Test
    void aRefusedCandidateIsDeadLetteredAndTheNextRoundStepsFromTheModelThatStayed()
            throws Exception {
        float[] initial = TestUpdates.SPEC.initialParameters(42L);
        try (var h = harness(RoundCoordinatorHarnessTest.config())) {
            h.open();
            feed(h, 0, new float[8], false);
            float[] nan = new float[8];
            nan[5] = Float.NaN;
            feed(h, 1, nan, false);

            assertThat(lastModel(h)).containsExactly(initial);
            List<DeadLetter> letters =
                    h.extractOutputValues().stream()
                            .filter(r -> r.topic.equals(Topics.DEAD_LETTER))
                            .map(r -> deadLetter(r.value))
                            .toList();
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(ReasonCode.RELEASE_REFUSED);
            assertThat(letters.get(0).getDetail()).contains("index 5 = NaN");

            feed(h, 2, TestUpdates.filled(0.25f), true);
            float[] v2 = lastModel(h);
            for (int i = 0; i < 8; i++) {
                assertThat(v2[i]).as("coordinate %d", i).isEqualTo(initial[i] + 0.25f);
            }
        }
    }

    private static DeadLetter deadLetter(byte[] bytes) {
        try {
            return Codecs.deadLetter().decode(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theOptimizerStateIsAPojoFlinkSerializesFieldByField() {
        assertThat(TypeInformation.of(ServerOptimizerState.class)).isInstanceOf(PojoTypeInfo.class);
    }

    private static GlobalModel decode(byte[] bytes) {
        try {
            return Codecs.globalModel().decode(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
