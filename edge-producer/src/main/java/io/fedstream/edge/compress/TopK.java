package io.fedstream.edge.compress;

import java.util.Arrays;

/** Selection of the k largest-magnitude coordinates of a vector. */
public final class TopK {
    private TopK() {}

    /**
     * The indices, increasing, of the {@code k} coordinates of largest absolute value; ties at the
     * threshold go to the lower index, so the choice is deterministic.
     */
    public static int[] select(float[] x, int k) {
        if (k < 0 || k > x.length) {
            throw new IllegalArgumentException("k " + k + " vs length " + x.length);
        }
        if (k == 0) {
            return new int[0];
        }
        float[] abs = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            abs[i] = Math.abs(x[i]);
        }
        float[] sorted = abs.clone();
        Arrays.sort(sorted);
        float threshold = sorted[x.length - k];
        int above = 0;
        for (float a : abs) {
            if (a > threshold) {
                above++;
            }
        }
        int atThreshold = k - above;
        int[] out = new int[k];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (abs[i] > threshold) {
                out[n++] = i;
            } else if (abs[i] == threshold && atThreshold > 0) {
                out[n++] = i;
                atThreshold--;
            }
        }
        return out;
    }

    /** {@code ceil(ratio * d)}, at least 1 for a non-empty vector. */
    public static int count(double ratio, int d) {
        if (!(ratio > 0) || ratio > 1) {
            throw new IllegalArgumentException("compression ratio " + ratio + " vs (0, 1]");
        }
        return d == 0 ? 0 : Math.max(1, Math.min(d, (int) Math.ceil(ratio * d)));
    }
}
