package io.fedstream.job.operators;

import io.fedstream.job.aggregation.ParameterShards;
import io.fedstream.job.clientmanager.identity.JobIdentity;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.optimizer.ServerOptimizer;
import io.fedstream.job.optimizer.ServerOptimizerState;
import io.fedstream.job.round.ModelRelease;
import io.fedstream.job.safety.RecentValues;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.ShardResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the shards' deltas of each round (keyed by model id), applies them to the global model
 * held in keyed state, and emits the round's records in round order. Shards may finish rounds at
 * different times, so results wait in a per-round map until all shards of the next round arrived.
 * The server optimizer's state (momentum, second moments) is keyed state of the model too, written
 * only by stateful optimizers, as are the norms of the last released steps the release check
 * compares with. A refused candidate ({@link ModelRelease}) leaves parameters and optimizer state
 * as they were.
 */
public class ModelPublisher extends KeyedProcessFunction<String, ShardResult, OutboundRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModelPublisher.class);

    private final JobConfig config;
    private final int shardCount;
    private transient ParameterShards shards;
    private transient ModelRelease release;
    private transient ValueState<float[]> parameters;
    private transient ValueState<ServerOptimizerState> optimizerState;
    private transient ValueState<Long> lastReleased;
    private transient ValueState<RecentValues> releasedSteps;
    private transient MapState<Long, PendingRound> pending;

    public ModelPublisher(JobConfig config, int shardCount) {
        this.config = config;
        this.shardCount = shardCount;
    }

    @Override
    public void open(OpenContext openContext) {
        shards = new ParameterShards(config.modelSpec().numParameters(), shardCount);
        release = new ModelRelease(config, JobIdentity.load(config));
        parameters =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "parameters",
                                        PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO));
        optimizerState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "server-optimizer",
                                        TypeInformation.of(ServerOptimizerState.class)));
        lastReleased =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-released", Types.LONG));
        releasedSteps =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("released-steps", RecentValues.class));
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending",
                                        Types.LONG,
                                        TypeInformation.of(PendingRound.class)));
    }

    @Override
    public void processElement(ShardResult r, Context ctx, Collector<OutboundRecord> out)
            throws Exception {
        PendingRound round = pending.get(r.round);
        if (round == null) {
            round = new PendingRound(shards.length(), shardCount, r.summary);
        }
        if (!round.received[r.shard]) {
            System.arraycopy(r.delta, 0, round.delta, shards.from(r.shard), r.delta.length);
            round.received[r.shard] = true;
            round.receivedCount++;
        }
        pending.put(r.round, round);
        releaseReadyRounds(ctx.timerService().currentProcessingTime(), out);
    }

    /** Releases the next round, and the ones after it, as long as all their shards have arrived. */
    private void releaseReadyRounds(long now, Collector<OutboundRecord> out) throws Exception {
        Long last = lastReleased.value();
        long next = last == null ? 0 : last + 1;
        for (PendingRound round = pending.get(next);
                round != null && round.receivedCount == shardCount;
                round = pending.get(++next)) {
            float[] params = parameters.value();
            if (params == null) {
                params = release.initialParameters();
            }
            ServerOptimizerState state = optimizerState(params.length);
            RecentValues steps = release.check().fit(releasedSteps.value());
            ModelRelease.Released released =
                    release.release(params, round.delta, state, steps, round.summary, now);
            for (OutboundRecord record : released.records()) {
                out.collect(record);
            }
            parameters.update(released.parameters());
            if (released.state() != null && next > 0 && released.refusal() == null) {
                optimizerState.update(released.state());
            }
            releasedSteps.update(steps);
            if (released.refusal() != null) {
                LOG.warn("{}", released.refusal());
            }
            lastReleased.update(next);
            pending.remove(next);
            LOG.info(
                    "released global model version {} ({} participants{})",
                    next,
                    round.summary.participants,
                    round.summary.finalRound ? ", training complete" : "");
        }
    }

    /**
     * This model's optimizer state, or a fresh one if there is none yet or it was written by
     * another optimizer (a savepoint restored under another --server-optimizer); null for a
     * stateless optimizer.
     */
    private ServerOptimizerState optimizerState(int dimension) throws Exception {
        ServerOptimizer optimizer = release.optimizer();
        if (!optimizer.stateful()) {
            return null;
        }
        ServerOptimizerState state = optimizerState.value();
        if (state != null && !optimizer.owns(state)) {
            LOG.warn(
                    "server-optimizer state of {} found under {}: starting {} from its initial"
                            + " state",
                    state.optimizer,
                    optimizer,
                    optimizer.name());
            state = null;
        }
        return state != null ? state : optimizer.initialState(dimension);
    }
}
