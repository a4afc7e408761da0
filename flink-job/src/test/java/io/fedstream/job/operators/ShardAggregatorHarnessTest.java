package io.fedstream.job.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ShardResult;
import io.fedstream.job.types.ShardWork;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ShardAggregatorHarnessTest {

    private static RoundSummary summary(long round) {
        RoundSummary s = new RoundSummary();
        s.modelId = "test-model";
        s.round = round;
        return s;
    }

    @Test
    void emitsTheWeightedMeanOfItsRangeAndClearsStateOnClose() throws Exception {
        // logreg:3-2 has 8 parameters; with 2 shards, shard 1 owns [4, 8).
        try (KeyedOneInputStreamOperatorTestHarness<Integer, ShardWork, ShardResult> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ShardAggregator(RoundCoordinatorHarnessTest.config(), 2),
                        w -> w.shardKey,
                        Types.INT)) {
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 1, new float[] {1, 2, 3, 4})));
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 3, new float[] {5, 6, 7, 8})));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

            harness.processElement(new StreamRecord<>(ShardWork.close(7, 1, summary(1))));
            List<ShardResult> out = harness.extractOutputValues();
            assertThat(out).hasSize(1);
            // (1*1 + 3*5)/4 = 4, (1*2 + 3*6)/4 = 5, (1*3 + 3*7)/4 = 6, (1*4 + 3*8)/4 = 7
            assertThat(out.get(0).delta).containsExactly(new float[] {4, 5, 6, 7}, within(1e-6f));
            assertThat(out.get(0).shard).isEqualTo(1);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRoundWithoutUpdatesYieldsAZeroDelta() throws Exception {
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ShardAggregator(RoundCoordinatorHarnessTest.config(), 2),
                        (ShardWork w) -> w.shardKey,
                        Types.INT)) {
            harness.processElement(new StreamRecord<>(ShardWork.close(3, 0, summary(0))));
            assertThat(harness.extractOutputValues().get(0).delta).containsExactly(0, 0, 0, 0);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aRuleThatSumsInFloatGivesTheSameResultWhateverTheArrivalOrder() throws Exception {
        // Centered clipping without clipping (tau huge, one iteration, centre 0) is the float
        // mean (1/3)(a + b + c). With a = 1e8, b = 1, c = -1e8 the float sum depends on the
        // order: a, b, c loses b's third to rounding, a, c, b keeps it.
        var config =
                RoundCoordinatorHarnessTest.config()
                        .with(
                                io.fedstream.job.config.AggregationOptions.AGGREGATOR,
                                io.fedstream.job.config.Aggregator.CENTERED_CLIPPING)
                        .with(io.fedstream.job.config.AggregationOptions.CC_TAU, 1e30)
                        .with(io.fedstream.job.config.AggregationOptions.CC_ITERATIONS, 1);
        float[] a = {1e8f, 1e8f, 1e8f, 1e8f, 1e8f, 1e8f, 1e8f, 1e8f};
        float[] b = {1, 1, 1, 1, 1, 1, 1, 1};
        float[] c = {-1e8f, -1e8f, -1e8f, -1e8f, -1e8f, -1e8f, -1e8f, -1e8f};
        List<float[]> results = new java.util.ArrayList<>();
        for (float[][] order : new float[][][] {{a, b, c}, {a, c, b}, {c, b, a}}) {
            try (var harness =
                    ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                            new ShardAggregator(config, 1),
                            (ShardWork w) -> w.shardKey,
                            Types.INT)) {
                for (float[] v : order) {
                    harness.processElement(
                            new StreamRecord<>(ShardWork.slice(0, 0, 1, 1, v.clone())));
                }
                harness.processElement(new StreamRecord<>(ShardWork.close(0, 0, summary(1))));
                results.add(harness.extractOutputValues().get(0).delta);
            }
        }
        assertThat(results.get(1)).containsExactly(results.get(0));
        assertThat(results.get(2)).containsExactly(results.get(0));
    }

    @Test
    void withTheMedianRuleHoldsTheSlicesAndEmitsTheirCoordinateMedian() throws Exception {
        var config =
                RoundCoordinatorHarnessTest.config()
                        .with(
                                io.fedstream.job.config.AggregationOptions.AGGREGATOR,
                                io.fedstream.job.config.Aggregator.MEDIAN)
                        .with(io.fedstream.job.config.AggregationOptions.BYZANTINE_F, 1);
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ShardAggregator(config, 2), (ShardWork w) -> w.shardKey, Types.INT)) {
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 1, new float[] {1, 2, 3, 4})));
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 50, new float[] {-99, 99, 0, 9})));
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 1, new float[] {3, 4, 5, 6})));
            harness.processElement(new StreamRecord<>(ShardWork.close(7, 1, summary(1))));
            // per coordinate, ignoring weights: median(1,-99,3)=1, (2,99,4)=4, (3,0,5)=3, (4,9,6)=6
            assertThat(harness.extractOutputValues().get(0).delta).containsExactly(1, 4, 3, 6);
            // Only the released aggregate (for centered clipping) stays.
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    @Test
    void scatterAddsSparseSlicesAlongsideDenseOnes() throws Exception {
        try (var harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new ShardAggregator(RoundCoordinatorHarnessTest.config(), 2),
                        (ShardWork w) -> w.shardKey,
                        Types.INT)) {
            harness.processElement(
                    new StreamRecord<>(ShardWork.slice(7, 1, 1, 1, new float[] {1, 2, 3, 4})));
            harness.processElement(
                    new StreamRecord<>(
                            ShardWork.sparseSlice(
                                    7, 1, 1, 3, new int[] {1, 3}, new float[] {6, 8})));
            harness.processElement(new StreamRecord<>(ShardWork.close(7, 1, summary(1))));
            // (1*1 + 0)/4, (1*2 + 3*6)/4, (1*3 + 0)/4, (1*4 + 3*8)/4
            assertThat(harness.extractOutputValues().get(0).delta)
                    .containsExactly(new float[] {0.25f, 5, 0.75f, 7}, within(1e-6f));
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }
}
