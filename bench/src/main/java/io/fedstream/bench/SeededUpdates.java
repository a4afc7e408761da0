package io.fedstream.bench;

import java.util.SplittableRandom;

/**
 * Seeded inputs of the benchmarks behind the docs' measurements, drawn in the order the
 * measurements used, so a quoted figure is what its benchmark measures.
 */
final class SeededUpdates {
    private SeededUpdates() {}

    /**
     * n rows of d floats, uniform in [offset, offset + 1), drawn row by row from {@code new
     * SplittableRandom(seed)}.
     */
    static float[][] uniform(int n, int d, long seed, double offset) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int c = 0; c < d; c++) {
                row[c] = (float) (rnd.nextDouble() + offset);
            }
        }
        return x;
    }

    /** Parses a shape "n x d" such as {@code "100x101770"} into {n, d}. */
    static int[] shape(String shape) {
        String[] nd = shape.split("x");
        if (nd.length != 2) {
            throw new IllegalArgumentException(
                    "shape '" + shape + "': expected n x d, e.g. 100x101770");
        }
        return new int[] {Integer.parseInt(nd[0]), Integer.parseInt(nd[1])};
    }

    /** The multiply-adds of one exact Gram matrix that matter: n(n+1)/2 · d. */
    static double gramMacs(int n, int d) {
        return (double) n * (n + 1) / 2 * d;
    }
}
