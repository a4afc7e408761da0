package io.fedstream.job.aggregation;

import java.util.Arrays;

/**
 * Splits a parameter vector of length {@code d} into {@code s} contiguous ranges of near-equal
 * size; shard {@code i} owns {@code [from(i), to(i))}. Sharding by parameter range keeps each
 * aggregator's memory at O(d / s) and lets s workers sum one round in parallel.
 */
public final class ParameterShards {
    private final int length;
    private final int shards;

    public ParameterShards(int length, int shards) {
        if (shards < 1 || length < shards) {
            throw new IllegalArgumentException(
                    "shards "
                            + shards
                            + " vs parameters "
                            + length
                            + ": need 1 <= shards <= parameters");
        }
        this.length = length;
        this.shards = shards;
    }

    public int count() {
        return shards;
    }

    public int length() {
        return length;
    }

    public int from(int shard) {
        return (int) ((long) length * shard / shards);
    }

    public int to(int shard) {
        return (int) ((long) length * (shard + 1) / shards);
    }

    public int size(int shard) {
        return to(shard) - from(shard);
    }

    /** A copy of shard {@code shard}'s range of {@code values}. */
    public float[] slice(float[] values, int shard) {
        if (values.length != length) {
            throw new IllegalArgumentException("vector length " + values.length + " vs " + length);
        }
        float[] out = new float[size(shard)];
        System.arraycopy(values, from(shard), out, 0, out.length);
        return out;
    }

    /** The coordinates of a sparse vector that fall in one shard, as offsets from its start. */
    public record SparseSlice(int[] offsets, float[] values) {}

    /**
     * Shard {@code shard}'s part of the sparse vector {@code values} at {@code indices} (strictly
     * increasing), without densifying it.
     */
    public SparseSlice sparseSlice(int[] indices, float[] values, int shard) {
        int from = lowerBound(indices, from(shard));
        int to = lowerBound(indices, to(shard));
        int[] offsets = new int[to - from];
        for (int j = from; j < to; j++) {
            offsets[j - from] = indices[j] - from(shard);
        }
        return new SparseSlice(offsets, Arrays.copyOfRange(values, from, to));
    }

    /** First position in sorted {@code a} whose value is {@code >= key}. */
    private static int lowerBound(int[] a, int key) {
        int pos = Arrays.binarySearch(a, key);
        return pos >= 0 ? pos : -pos - 1;
    }
}
