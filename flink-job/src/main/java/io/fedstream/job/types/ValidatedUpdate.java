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

    /**
     * The delta: dense when {@link #indices} is null, else {@code values[j]} is coordinate {@code
     * indices[j]} (strictly increasing) and every other coordinate is zero.
     */
    public float[] values;

    public int[] indices;

    /** Size the record would have on the wire with a DENSE_F32_LE delta (key included). */
    public long denseWireBytes;

    /** The record's run id, or null if it carries none. */
    public String runId;

    /** The record's sequence number, or null if it carries none. */
    public Long sequence;

    /** The original record, for dead-lettering a later rejection byte for byte. */
    public RawRecord raw;

    public ValidatedUpdate() {}
}
