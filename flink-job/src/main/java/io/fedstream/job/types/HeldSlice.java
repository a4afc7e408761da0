package io.fedstream.job.types;

/**
 * One admitted update's slice, held in a shard's keyed list state until the round closes (robust
 * rules need every slice of the round, not a running sum).
 */
public class HeldSlice {
    public double weight;
    public float[] values;

    public HeldSlice() {}

    public HeldSlice(double weight, float[] values) {
        this.weight = weight;
        this.values = values;
    }
}
