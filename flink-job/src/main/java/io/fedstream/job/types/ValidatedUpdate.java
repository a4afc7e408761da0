package io.fedstream.job.types;

/** A model update that passed stateless validation: decodable, right model and shape, finite. */
public class ValidatedUpdate {
    public String modelId;
    public String clientId;
    public long round;
    public long baseVersion;
    public long numSamples;
    public double trainingLoss;
    public long trainingTimeMs;

    /** The delta, dense. */
    public float[] values;

    /** The original record, for dead-lettering a later rejection byte for byte. */
    public RawRecord raw;

    public ValidatedUpdate() {}
}
