package io.fedstream.job.types;

import java.util.Arrays;
import java.util.Comparator;

/**
 * One admitted update's slice, held in a shard's keyed list state until the round closes (robust
 * rules need every slice of the round, not a running sum).
 */
public class HeldSlice {
    /**
     * A total order that does not depend on arrival: values lexicographically ({@link
     * Float#compare}), then weight. A comparison reads up to the first coordinate where the two
     * slices differ.
     */
    public static final Comparator<HeldSlice> CONTENT_ORDER =
            (a, b) -> {
                int c = Arrays.compare(a.values, b.values);
                return c != 0 ? c : Double.compare(a.weight, b.weight);
            };

    public double weight;
    public float[] values;

    public HeldSlice() {}

    public HeldSlice(double weight, float[] values) {
        this.weight = weight;
        this.values = values;
    }
}
