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
