package io.fedstream.job.aggregation.rules;

import java.util.Arrays;
import java.util.Random;

/** Seeded data and naive reference computations, written independently of the code under test. */
public final class Fixtures {
    private Fixtures() {}

    public static float[][] gaussian(Random rnd, int n, int d, double mean, double sd) {
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = (float) (mean + sd * rnd.nextGaussian());
            }
        }
        return x;
    }

    /** The values of coordinate c, sorted. */
    public static double[] column(float[][] x, int c) {
        double[] col = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            col[i] = x[i][c];
        }
        Arrays.sort(col);
        return col;
    }

    public static float[] naiveMedian(float[][] x) {
        int n = x.length;
        float[] out = new float[x[0].length];
        for (int c = 0; c < out.length; c++) {
            double[] col = column(x, c);
            out[c] = (float) (n % 2 == 1 ? col[n / 2] : (col[n / 2 - 1] + col[n / 2]) / 2);
        }
        return out;
    }

    public static float[] naiveTrimmedMean(float[][] x, int k) {
        int n = x.length;
        float[] out = new float[x[0].length];
        for (int c = 0; c < out.length; c++) {
            double[] col = column(x, c);
            double s = 0;
            for (int r = k; r < n - k; r++) {
                s += col[r];
            }
            out[c] = (float) (s / (n - 2 * k));
        }
        return out;
    }

    public static double naiveSquaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            double u = (double) a[c] - b[c];
            s += u * u;
        }
        return s;
    }

    public static float[] mean(float[][] x, int[] rows) {
        float[] out = new float[x[0].length];
        for (int c = 0; c < out.length; c++) {
            double s = 0;
            for (int r : rows) {
                s += x[r][c];
            }
            out[c] = (float) (s / rows.length);
        }
        return out;
    }

    public static int[] all(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }
}
