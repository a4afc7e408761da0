package io.fedstream.job.aggregation.kernels;

import java.util.function.Supplier;

/**
 * Runs a {@link SortingNetwork} over every coordinate of a set of rows, one block of coordinates at
 * a time: the block is copied into m row buffers (m · block floats sized to stay in L2), every
 * compare-exchange is a vectorisable min/max loop over the block, and a {@link Reducer} turns the
 * sorted block into output values. Package-private.
 */
public final class ColumnSorter {
    /** Reduces a sorted block: {@code rows[net.rowOfRank[r]][c]} is rank r of coordinate c0+c. */
    public interface Reducer {
        void reduce(float[][] rows, SortingNetwork net, int c0, int len, float[] out);
    }

    private ColumnSorter() {}

    /**
     * Coordinates per block for m rows: about 1 MiB of buffer, between 1024 and 4096, a multiple of
     * 16. Long rows matter more than a buffer that fits L2: with 64 coordinates per row (n = 1000
     * at 256 KiB) the vectorised compare-exchange loop hardly leaves its scalar pre- and
     * post-loops, and the median at n = 1000 took 3-5× longer than with 1024.
     */
    public static int blockFor(int m) {
        int b = Math.max(1024, Math.min(4096, (256 * 1024) / Math.max(1, m)));
        return b & ~15;
    }

    /**
     * Sorts coordinates of {@code x[rows[i]]} (or all rows of x if {@code rows} is null) and
     * reduces each block into a new vector of length d.
     */
    public static float[] sortAndReduce(
            float[][] x, int[] rows, int d, SortingNetwork net, Reducer reducer) {
        float[] out = new float[d];
        sortRange(x, rows, 0, d, net, reducer, out);
        return out;
    }

    /**
     * {@link #sortAndReduce} on {@code threads} threads, each over its own range of coordinates
     * (whole blocks) with its own buffers and its own reducer from {@code reducers}: what as many
     * parameter shards would do. The output is identical to the single-threaded one.
     */
    public static float[] sortAndReduce(
            float[][] x,
            int[] rows,
            int d,
            SortingNetwork net,
            Supplier<Reducer> reducers,
            int threads) {
        int block = blockFor(net.n);
        int parts = Math.max(1, Math.min(threads, d / block));
        float[] out = new float[d];
        if (parts == 1) {
            sortRange(x, rows, 0, d, net, reducers.get(), out);
            return out;
        }
        CoordinateParts.run(
                CoordinateParts.cuts(0, d, parts, block),
                (from, to) -> sortRange(x, rows, from, to, net, reducers.get(), out));
        return out;
    }

    private static void sortRange(
            float[][] x,
            int[] rows,
            int from,
            int to,
            SortingNetwork net,
            Reducer reducer,
            float[] out) {
        int m = net.n;
        int block = blockFor(m);
        float[][] buf = new float[m][block];
        int[] lo = net.lo;
        int[] hi = net.hi;
        for (int c0 = from; c0 < to; c0 += block) {
            int len = Math.min(block, to - c0);
            for (int i = 0; i < m; i++) {
                System.arraycopy(x[rows == null ? i : rows[i]], c0, buf[i], 0, len);
            }
            for (int k = 0; k < lo.length; k++) {
                compareExchange(buf[lo[k]], buf[hi[k]], len);
            }
            reducer.reduce(buf, net, c0, len, out);
        }
    }

    /** a[c] = min, b[c] = max for every c: a straight-line loop the JIT turns into SIMD. */
    private static void compareExchange(float[] a, float[] b, int len) {
        for (int c = 0; c < len; c++) {
            float u = a[c];
            float v = b[c];
            a[c] = Math.min(u, v);
            b[c] = Math.max(u, v);
        }
    }
}
