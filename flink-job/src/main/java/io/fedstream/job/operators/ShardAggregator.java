package io.fedstream.job.operators;

import io.fedstream.job.aggregate.ParameterShards;
import io.fedstream.job.aggregate.WeightedMean;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.privacy.DpRelease;
import io.fedstream.job.privacy.KeyedGaussianNoise;
import io.fedstream.job.types.ShardResult;
import io.fedstream.job.types.ShardWork;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Aggregates one parameter range (one shard) of the open round: a {@link WeightedMean} of the
 * admitted slices, weighted by num_samples (FedAvg); sparse slices are scatter-added, never
 * densified. On the close marker it emits the mean delta of its range and clears its state, so
 * per-round state is O(model size / shards).
 */
public class ShardAggregator extends KeyedProcessFunction<Integer, ShardWork, ShardResult> {
    private static final long serialVersionUID = 1L;

    private final JobConfig config;
    private final int shardCount;
    private final byte[] noiseKey;
    private transient ParameterShards shards;
    private transient KeyedGaussianNoise noise;
    private transient ValueState<WeightedMean> accumulator;
    private transient ValueState<Long> accumulatorRound;

    public ShardAggregator(JobConfig config, int shardCount) {
        this(config, shardCount, null);
    }

    /**
     * @param noiseKey secret of the DP noise; null when DP is off
     */
    public ShardAggregator(JobConfig config, int shardCount, byte[] noiseKey) {
        this.config = config;
        this.shardCount = shardCount;
        this.noiseKey = noiseKey == null ? null : noiseKey.clone();
    }

    @Override
    public void open(OpenContext openContext) {
        shards = new ParameterShards(config.modelSpec().numParameters(), shardCount);
        accumulator =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("accumulator", WeightedMean.class));
        accumulatorRound =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("accumulator-round", Types.LONG));
        noise = noiseKey == null ? null : new KeyedGaussianNoise(noiseKey);
    }

    @Override
    public void processElement(ShardWork work, Context ctx, Collector<ShardResult> out)
            throws Exception {
        WeightedMean acc = accumulator.value();
        Long round = accumulatorRound.value();
        if (acc != null && round != null && round != work.round) {
            // Cannot happen while the coordinator closes rounds in order; fail loudly rather than
            // mix rounds.
            throw new IllegalStateException(
                    "shard "
                            + work.shard
                            + " holds round "
                            + round
                            + " but received round "
                            + work.round);
        }
        if (work.kind == ShardWork.Kind.SLICE) {
            if (acc == null) {
                acc = new WeightedMean(shards.size(work.shard));
                accumulatorRound.update(work.round);
            }
            if (work.indices == null) {
                acc.add(work.values, work.weight);
            } else {
                acc.addSparse(work.indices, work.values, work.weight);
            }
            accumulator.update(acc);
            return;
        }
        float[] delta;
        if (work.summary.noiseStd > 0) {
            if (noise == null) {
                throw new IllegalStateException(
                        "round " + work.round + " needs DP noise but the shard has no key");
            }
            double[] sum = acc == null ? new double[shards.size(work.shard)] : acc.sum;
            delta =
                    DpRelease.release(
                            sum,
                            shards.from(work.shard),
                            work.summary.noiseStd,
                            work.summary.expectedClients,
                            noise,
                            work.summary.modelId,
                            work.round);
        } else {
            delta = acc == null ? new float[shards.size(work.shard)] : acc.mean();
        }
        out.collect(
                new ShardResult(work.summary.modelId, work.round, work.shard, delta, work.summary));
        accumulator.clear();
        accumulatorRound.clear();
    }
}
