package io.fedstream.job.types;

/**
 * Input of a shard aggregator: one accepted update's slice of parameters, or the round's close
 * marker.
 */
public class ShardWork {
    /** SLICE carries values; CLOSE carries the summary. */
    public enum Kind {
        SLICE,
        CLOSE
    }

    public Kind kind;

    /** Routing key of the shard (see ShardKeys). */
    public int shardKey;

    public int shard;
    public long round;
    public double weight;
    public float[] values;

    /**
     * Null for a dense slice; for a sparse slice, {@code values[j]} belongs at offset {@code
     * indices[j]} of the shard's range (strictly increasing) and the other coordinates are zero.
     */
    public int[] indices;

    public RoundSummary summary;

    public ShardWork() {}

    public static ShardWork slice(
            int shardKey, int shard, long round, double weight, float[] values) {
        ShardWork w = new ShardWork();
        w.kind = Kind.SLICE;
        w.shardKey = shardKey;
        w.shard = shard;
        w.round = round;
        w.weight = weight;
        w.values = values;
        return w;
    }

    /** A sparse slice: {@code values[j]} at offset {@code offsets[j]} of the shard's range. */
    public static ShardWork sparseSlice(
            int shardKey, int shard, long round, double weight, int[] offsets, float[] values) {
        ShardWork w = slice(shardKey, shard, round, weight, values);
        w.indices = offsets;
        return w;
    }

    /** The slice's values as a dense vector of the shard's {@code size}, for rules that need it. */
    public float[] denseValues(int size) {
        if (indices == null) {
            return values;
        }
        float[] out = new float[size];
        for (int j = 0; j < indices.length; j++) {
            out[indices[j]] = values[j];
        }
        return out;
    }

    public static ShardWork close(int shardKey, int shard, RoundSummary summary) {
        ShardWork w = new ShardWork();
        w.kind = Kind.CLOSE;
        w.shardKey = shardKey;
        w.shard = shard;
        w.round = summary.round;
        w.summary = summary;
        return w;
    }
}
