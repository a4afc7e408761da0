package io.fedstream.edge;

import io.fedstream.data.Dataset;
import java.util.Random;

/** Small synthetic datasets for tests. */
public final class TestData {
    private TestData() {}

    /** Uniformly random byte features and labels. */
    public static Dataset random(int n, int dim, int classes, long seed) {
        Random rng = new Random(seed);
        byte[] x = new byte[n * dim];
        rng.nextBytes(x);
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) rng.nextInt(classes);
        }
        return new Dataset(x, y, dim, classes);
    }

    /**
     * Linearly separable classes: class {@code c} lights up features {@code c * dim / classes ..}
     * (values 200-255), every other feature is low noise (0-40).
     */
    public static Dataset separable(int n, int dim, int classes, long seed) {
        Random rng = new Random(seed);
        byte[] x = new byte[n * dim];
        byte[] y = new byte[n];
        int block = dim / classes;
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = (byte) c;
            for (int j = 0; j < dim; j++) {
                boolean hot = j >= c * block && j < (c + 1) * block;
                x[i * dim + j] = (byte) (hot ? 200 + rng.nextInt(56) : rng.nextInt(41));
            }
        }
        return new Dataset(x, y, dim, classes);
    }

    /** Labels {@code 0..classes-1} with the given counts per class, features all zero. */
    public static Dataset withClassCounts(int dim, int... counts) {
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        byte[] y = new byte[n];
        int k = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                y[k++] = (byte) c;
            }
        }
        return new Dataset(new byte[n * dim], y, dim, counts.length);
    }
}
