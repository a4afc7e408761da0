package io.fedstream.job.operators;

import io.fedstream.job.aggregation.ParameterShards;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ShardWork;
import org.apache.flink.util.Collector;

/**
 * The round coordinator's output to the parameter-range shards: an admitted update as one slice per
 * shard (sparse updates stay sparse all the way into the shard's accumulator), and a round's close
 * marker to every shard.
 */
final class ShardFanOut {
    private final int[] shardKeys;
    private final ParameterShards shards;

    ShardFanOut(int[] shardKeys, ParameterShards shards) {
        this.shardKeys = shardKeys;
        this.shards = shards;
    }

    /** The slices of a bounded update of {@code round} with aggregation weight {@code weight}. */
    void slices(
            long round, double weight, int[] indices, float[] values, Collector<ShardWork> out) {
        for (int s = 0; s < shardKeys.length; s++) {
            if (indices == null) {
                out.collect(
                        ShardWork.slice(shardKeys[s], s, round, weight, shards.slice(values, s)));
            } else {
                ParameterShards.SparseSlice part = shards.sparseSlice(indices, values, s);
                out.collect(
                        ShardWork.sparseSlice(
                                shardKeys[s], s, round, weight, part.offsets(), part.values()));
            }
        }
    }

    /** The close marker of the round {@code summary} describes, to every shard. */
    void close(RoundSummary summary, Collector<ShardWork> out) {
        for (int s = 0; s < shardKeys.length; s++) {
            out.collect(ShardWork.close(shardKeys[s], s, summary));
        }
    }
}
