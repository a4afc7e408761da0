package io.fedstream.edge.attack;

import java.util.List;

/** Coordinate-wise statistics and distances of a set of update vectors, in double precision. */
public final class UpdateStats {
    private UpdateStats() {}

    /** The coordinate-wise mean. */
    public static double[] mean(List<float[]> updates) {
        int d = dimension(updates);
        double[] mean = new double[d];
        for (float[] u : updates) {
            for (int i = 0; i < d; i++) {
                mean[i] += u[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= updates.size();
        }
        return mean;
    }

    /**
     * The coordinate-wise sample standard deviation (divisor n − 1, as {@code torch.std} in the
     * papers' code); all zeros for a single update.
     */
    public static double[] std(List<float[]> updates, double[] mean) {
        int d = dimension(updates);
        double[] var = new double[d];
        if (updates.size() < 2) {
            return var;
        }
        for (float[] u : updates) {
            for (int i = 0; i < d; i++) {
                double e = u[i] - mean[i];
                var[i] += e * e;
            }
        }
        for (int i = 0; i < d; i++) {
            var[i] = Math.sqrt(var[i] / (updates.size() - 1));
        }
        return var;
    }

    /** Squared Euclidean distance between {@code a} and {@code b}. */
    public static double squaredDistance(double[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - b[i];
            s += e * e;
        }
        return s;
    }

    /** Squared Euclidean distance between {@code a} and {@code b}. */
    public static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double e = (double) a[i] - b[i];
            s += e * e;
        }
        return s;
    }

    /** Narrows to float32, the wire precision. */
    public static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    static int dimension(List<float[]> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no updates: need at least one honest update");
        }
        int d = updates.get(0).length;
        for (float[] u : updates) {
            if (u.length != d) {
                throw new IllegalArgumentException("update dimension " + u.length + " vs " + d);
            }
        }
        return d;
    }
}
