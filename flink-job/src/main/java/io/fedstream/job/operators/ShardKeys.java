package io.fedstream.job.operators;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * Picks one integer key per aggregation shard so that the shards fall into evenly spaced key
 * groups. Flink assigns key groups to subtasks in contiguous ranges, so evenly spaced key groups
 * land on different subtasks at any parallelism, while the keys themselves depend only on the
 * (fixed) max parallelism: state stays restorable after rescaling.
 */
public final class ShardKeys {
    private ShardKeys() {}

    public static int[] forShards(int shards, int maxParallelism) {
        int[] keys = new int[shards];
        int candidate = 0;
        for (int s = 0; s < shards; s++) {
            int targetGroup = (int) ((long) s * maxParallelism / shards);
            while (KeyGroupRangeAssignment.assignToKeyGroup(candidate, maxParallelism)
                    != targetGroup) {
                candidate++;
            }
            keys[s] = candidate++;
        }
        return keys;
    }
}
