package io.fedstream.job.types;

/**
 * An admitted update the coordinator holds back while the norm bound warms up (the first updates of
 * a job, before enough norms are known to bound them): what it needs to bound and send it.
 */
public class HeldUpdate {
    public long round;
    public long numSamples;

    /** As {@link ValidatedUpdate#indices}: null for a dense delta. */
    public int[] indices;

    public float[] values;

    public HeldUpdate() {}

    public HeldUpdate(ValidatedUpdate u) {
        this.round = u.round;
        this.numSamples = u.numSamples;
        this.indices = u.indices;
        this.values = u.values;
    }
}
