package io.fedstream.job.types;

/** A shard's aggregated delta for its parameter range in one round. */
public class ShardResult {
    public String modelId;
    public long round;
    public int shard;
    public float[] delta;
    public RoundSummary summary;

    public ShardResult() {}

    public ShardResult(String modelId, long round, int shard, float[] delta, RoundSummary summary) {
        this.modelId = modelId;
        this.round = round;
        this.shard = shard;
        this.delta = delta;
        this.summary = summary;
    }
}
