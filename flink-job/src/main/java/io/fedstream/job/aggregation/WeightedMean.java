package io.fedstream.job.aggregation;

import java.util.Arrays;

/**
 * Incremental weighted mean of vectors, the aggregation of FedAvg (McMahan et al., 2017,
 * "Communication-Efficient Learning of Deep Networks from Decentralized Data"): with weights n_k,
 * the mean is sum_k n_k x_k / sum_k n_k. Memory is one vector whatever the number of inputs. Sums
 * are kept in double so the order in which updates arrive changes the float result by at most one
 * rounding.
 */
public class WeightedMean {
    /** Weighted sum of inputs; public for Flink's POJO serializer. */
    public double[] sum;

    public double weight;
    public int count;

    public WeightedMean() {}

    public WeightedMean(int length) {
        this.sum = new double[length];
    }

    /** Adds {@code values} with weight {@code w > 0}. */
    public void add(float[] values, double w) {
        if (values.length != sum.length) {
            throw new IllegalArgumentException(
                    "vector length " + values.length + " vs " + sum.length);
        }
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight " + w + " must be finite and > 0");
        }
        double[] s = sum;
        for (int i = 0; i < s.length; i++) {
            s[i] += w * values[i];
        }
        weight += w;
        count++;
    }

    /**
     * Adds the sparse vector with {@code values[j]} at {@code offsets[j]} (zeros elsewhere) with
     * weight {@code w > 0}: a scatter-add, O(nnz), the same sum as adding its dense form.
     */
    public void addSparse(int[] offsets, float[] values, double w) {
        if (offsets.length != values.length) {
            throw new IllegalArgumentException(
                    offsets.length + " offsets vs " + values.length + " values");
        }
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new IllegalArgumentException("weight " + w + " must be finite and > 0");
        }
        double[] s = sum;
        for (int j = 0; j < offsets.length; j++) {
            int i = offsets[j];
            if (i < 0 || i >= s.length) {
                throw new IllegalArgumentException("offset " + i + " vs length " + s.length);
            }
            s[i] += w * values[j];
        }
        weight += w;
        count++;
    }

    /** The weighted mean, or zeros if nothing was added. */
    public float[] mean() {
        float[] out = new float[sum.length];
        if (weight == 0) {
            return out;
        }
        double inv = 1.0 / weight;
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] * inv);
        }
        return out;
    }

    @Override
    public String toString() {
        return "WeightedMean{count="
                + count
                + ", weight="
                + weight
                + ", sum="
                + Arrays.toString(Arrays.copyOf(sum, Math.min(4, sum.length)))
                + "...}";
    }
}
