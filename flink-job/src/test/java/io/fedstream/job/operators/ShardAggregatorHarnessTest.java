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
    void withTheMedianRuleHoldsTheSlicesAndEmitsTheirCoordinateMedian() throws Exception {
        var config =
                RoundCoordinatorHarnessTest.config()
                        .with(io.fedstream.job.config.FedStreamOptions.AGGREGATOR, "median")
                        .with(io.fedstream.job.config.FedStreamOptions.BYZANTINE_F, 1);
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
