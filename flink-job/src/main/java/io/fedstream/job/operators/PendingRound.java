package io.fedstream.job.operators;

import io.fedstream.job.types.RoundSummary;

/** A round whose shard results are arriving at the publisher. */
public class PendingRound {
    public float[] delta;
    public boolean[] received;
    public int receivedCount;
    public RoundSummary summary;

    public PendingRound() {}

    PendingRound(int length, int shards, RoundSummary summary) {
        this.delta = new float[length];
        this.received = new boolean[shards];
        this.summary = summary;
    }
}
