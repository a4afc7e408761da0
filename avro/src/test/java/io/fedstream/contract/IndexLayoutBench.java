package io.fedstream.contract;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Sizes of the three sparse index layouts by density, for docs/wire-format.md: {@code java -cp ...
 * io.fedstream.contract.IndexLayoutBench [length] [seed]}. Indices are drawn independently with
 * probability p (top-k of real updates is more clustered, which favours the gap codes further).
 */
public final class IndexLayoutBench {
    private IndexLayoutBench() {}

    public static void main(String[] args) {
        int length = args.length > 0 ? Integer.parseInt(args[0]) : 101_770;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        SplittableRandom rng = new SplittableRandom(seed);
        System.out.printf(
                Locale.ROOT,
                "%8s %8s %12s %12s %12s %6s %14s %10s%n",
                "density",
                "nnz",
                "varint B",
                "bitmap B",
                "rice B",
                "rice b",
                "entropy B",
                "chosen");
        for (double p :
                new double[] {
                    0.001, 0.01, 0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.75
                }) {
            int[] idx = IntStream.range(0, length).filter(i -> rng.nextDouble() < p).toArray();
            double h = -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
            int b = SparseIndices.bestRiceBits(idx);
            byte mode = SparseIndices.choose(idx, length);
            System.out.printf(
                    Locale.ROOT,
                    "%8.3f %8d %12d %12d %12d %6d %14.0f %10s%n",
                    p,
                    idx.length,
                    SparseIndices.deltaBytes(idx),
                    SparseIndices.bitmapBytes(length),
                    SparseIndices.riceBytes(idx, b),
                    b,
                    h * length / 8,
                    mode == SparseIndices.DELTA
                            ? "varint"
                            : mode == SparseIndices.BITMAP ? "bitmap" : "rice");
        }
    }
}
