package io.fedstream.job.aggregation.kernels;

/**
 * Checks and small kernels shared by the rules: argument checks, linear combinations, distances.
 */
public final class Updates {
    /**
     * Coordinates per block of the linear combination: the float and double accumulators (64 + 128
     * KiB) stay in L2, and each update is read in runs of 64 KiB. With 2048 (accumulators in L1, 8
     * KiB runs) FedAvg at 1000 × 101,770 took 45.7 ms, with 8192 33.2 ms and with 16384 29.8 ms,
     * against a 28.8 ms memory floor (bench RuleRoundBenchmark, quiet machine): the short runs, not
     * the accumulators, were the cost.
     */
    public static final int BLOCK = 16384;

    private Updates() {}

    /** Returns d after checking that all n updates share one length and weights match. */
    public static int check(float[][] updates, double[] weights) {
        if (updates == null) {
            throw new IllegalArgumentException("updates must not be null");
        }
        int n = updates.length;
        int d = n == 0 ? 0 : updates[0].length;
        for (int k = 0; k < n; k++) {
            if (updates[k].length != d) {
                throw new IllegalArgumentException(
                        "update " + k + " has length " + updates[k].length + " vs " + d);
            }
        }
        if (weights != null) {
            if (weights.length != n) {
                throw new IllegalArgumentException(
                        "weights length " + weights.length + " vs updates " + n);
            }
            for (int k = 0; k < n; k++) {
                if (!(weights[k] > 0) || Double.isInfinite(weights[k])) {
                    throw new IllegalArgumentException(
                            "weight " + weights[k] + " of update " + k + " must be finite and > 0");
                }
            }
        }
        return d;
    }

    public static void checkLength(float[] v, int d, String what) {
        if (v != null && v.length != d) {
            throw new IllegalArgumentException(what + " length " + v.length + " vs " + d);
        }
    }

    /** Updates summed in float before their partial sum is added to the double accumulator. */
    private static final int GROUP = 16;

    /**
     * out = Σ_k c_k x_k over the rows listed in {@code rows} (or all rows if null), blocked over
     * coordinates so the accumulators stay in L2 and each update is streamed once. Within a block,
     * groups of 16 updates are summed in float (a loop C2 vectorises; on JDK 17 it does not
     * vectorise float-to-double conversion) and each group's sum is added in double, so rounding
     * grows with 16, not with n.
     */
    public static float[] linearCombination(float[][] x, int[] rows, double[] coef, int d) {
        int m = rows == null ? x.length : rows.length;
        float[] out = new float[d];
        double[] acc = new double[BLOCK];
        float[] part = new float[BLOCK];
        for (int c0 = 0; c0 < d; c0 += BLOCK) {
            int len = Math.min(BLOCK, d - c0);
            java.util.Arrays.fill(acc, 0, len, 0.0);
            for (int g0 = 0; g0 < m; g0 += GROUP) {
                int g1 = Math.min(m, g0 + GROUP);
                java.util.Arrays.fill(part, 0, len, 0f);
                int k = g0;
                // Four updates per sweep of the partial sum: a quarter of its loads and stores.
                for (; k + 3 < g1; k += 4) {
                    float[] v0 = x[rows == null ? k : rows[k]];
                    float[] v1 = x[rows == null ? k + 1 : rows[k + 1]];
                    float[] v2 = x[rows == null ? k + 2 : rows[k + 2]];
                    float[] v3 = x[rows == null ? k + 3 : rows[k + 3]];
                    float w0 = (float) coef[k];
                    float w1 = (float) coef[k + 1];
                    float w2 = (float) coef[k + 2];
                    float w3 = (float) coef[k + 3];
                    for (int c = 0; c < len; c++) {
                        int i = c0 + c;
                        part[c] += w0 * v0[i] + w1 * v1[i] + w2 * v2[i] + w3 * v3[i];
                    }
                }
                for (; k < g1; k++) {
                    float[] v = x[rows == null ? k : rows[k]];
                    float w = (float) coef[k];
                    for (int c = 0; c < len; c++) {
                        part[c] += w * v[c0 + c];
                    }
                }
                for (int c = 0; c < len; c++) {
                    acc[c] += part[c];
                }
            }
            for (int c = 0; c < len; c++) {
                out[c0 + c] = (float) acc[c];
            }
        }
        return out;
    }

    /** Equal coefficients 1/m. */
    public static double[] uniform(int m) {
        double[] w = new double[m];
        java.util.Arrays.fill(w, 1.0 / m);
        return w;
    }

    /** ‖a − b‖² in double (b may be null for ‖a‖²). */
    public static double squaredDistance(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int d = a.length;
        int c = 0;
        if (b == null) {
            for (; c + 3 < d; c += 4) {
                double u0 = a[c], u1 = a[c + 1], u2 = a[c + 2], u3 = a[c + 3];
                s0 += u0 * u0;
                s1 += u1 * u1;
                s2 += u2 * u2;
                s3 += u3 * u3;
            }
            for (; c < d; c++) {
                double u = a[c];
                s0 += u * u;
            }
        } else {
            for (; c + 3 < d; c += 4) {
                double u0 = a[c] - b[c], u1 = a[c + 1] - b[c + 1];
                double u2 = a[c + 2] - b[c + 2], u3 = a[c + 3] - b[c + 3];
                s0 += u0 * u0;
                s1 += u1 * u1;
                s2 += u2 * u2;
                s3 += u3 * u3;
            }
            for (; c < d; c++) {
                double u = a[c] - b[c];
                s0 += u * u;
            }
        }
        return (s0 + s1) + (s2 + s3);
    }
}
