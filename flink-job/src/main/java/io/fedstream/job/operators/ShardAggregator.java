package io.fedstream.job.operators;

import io.fedstream.job.aggregation.AggregationPlan;
import io.fedstream.job.aggregation.ParameterShards;
import io.fedstream.job.aggregation.WeightedMean;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.privacy.DpRelease;
import io.fedstream.job.privacy.KeyedGaussianNoise;
import io.fedstream.job.privacy.NoiseKeys;
import io.fedstream.job.types.HeldSlice;
import io.fedstream.job.types.ShardResult;
import io.fedstream.job.types.ShardWork;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregates one parameter range (one shard) of the open round: a {@link WeightedMean} of the
 * admitted slices, weighted by num_samples (FedAvg); sparse slices are scatter-added, never
 * densified. On the close marker it emits the mean delta of its range and clears its state, so
 * per-round state is O(model size / shards).
 *
 * <p>With a robust rule ({@link AggregationPlan}) the shard instead keeps the round's slices in
 * keyed list state and applies the rule on the close marker; it also keeps its range of the last
 * released aggregate, which centered clipping centres on.
 */
public class ShardAggregator extends KeyedProcessFunction<Integer, ShardWork, ShardResult> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ShardAggregator.class);

    private final JobConfig config;
    private final int shardCount;
    private transient ParameterShards shards;
    private transient KeyedGaussianNoise noise;
    private transient ValueState<WeightedMean> accumulator;
    private transient ValueState<Long> accumulatorRound;
    private transient AggregationPlan plan;
    private transient ListState<HeldSlice> slices;
    private transient ValueState<float[]> previousAggregate;
    private transient Counter fallbacks;

    /** With DP, the noise key is read from {@code --dp-key-file} in {@link #open}. */
    public ShardAggregator(JobConfig config, int shardCount) {
        this.config = config;
        this.shardCount = shardCount;
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
        byte[] noiseKey = NoiseKeys.read(config);
        noise = noiseKey == null ? null : new KeyedGaussianNoise(noiseKey);
        plan = AggregationPlan.of(config);
        slices =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("slices", HeldSlice.class));
        previousAggregate =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "previous-aggregate",
                                        PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        fallbacks = getRuntimeContext().getMetricGroup().counter("robustRuleFallbacks");
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
        if (!plan.isFedAvg()) {
            robust(work, out);
            return;
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
                            work.round,
                            work.summary.membershipDigest);
        } else {
            delta = acc == null ? new float[shards.size(work.shard)] : acc.mean();
        }
        out.collect(
                new ShardResult(work.summary.modelId, work.round, work.shard, delta, work.summary));
        accumulator.clear();
        accumulatorRound.clear();
    }

    /** A robust rule: hold the slices, apply the rule on close. */
    private void robust(ShardWork work, Collector<ShardResult> out) throws Exception {
        Long round = accumulatorRound.value();
        if (round != null && round != work.round) {
            throw new IllegalStateException(
                    "shard "
                            + work.shard
                            + " holds round "
                            + round
                            + " but received round "
                            + work.round);
        }
        if (work.kind == ShardWork.Kind.SLICE) {
            // Robust rules compare coordinates across updates, so a sparse slice is densified
            // here (its missing coordinates are zeros of the update).
            slices.add(new HeldSlice(work.weight, work.denseValues(shards.size(work.shard))));
            accumulatorRound.update(work.round);
            return;
        }
        List<HeldSlice> held = new ArrayList<>();
        Iterable<HeldSlice> stored = slices.get();
        if (stored != null) {
            stored.forEach(held::add);
        }
        AggregationPlan.Result result =
                plan.aggregateHeld(held, previousAggregate.value(), shards.size(work.shard));
        if (result.fellBack()) {
            fallbacks.inc();
            LOG.warn("round {} shard {}: {}", work.round, work.shard, result.fallback());
        }
        float[] delta = result.values();
        if (work.summary.noiseStd > 0) {
            if (noise == null) {
                throw new IllegalStateException(
                        "round " + work.round + " needs DP noise but the shard has no key");
            }
            delta =
                    DpRelease.releaseRuleOutput(
                            delta,
                            shards.from(work.shard),
                            work.summary.noiseStd,
                            work.summary.expectedClients,
                            noise,
                            work.summary.modelId,
                            work.round,
                            work.summary.membershipDigest);
        }
        out.collect(
                new ShardResult(work.summary.modelId, work.round, work.shard, delta, work.summary));
        if (finite(delta)) {
            // A non-finite aggregate is never published (the release check refuses it), so it
            // must not become the centre of the next round's centered clipping either.
            previousAggregate.update(delta);
        }
        slices.clear();
        accumulatorRound.clear();
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}
