package io.fedstream.job.aggregation.kernels;

import java.util.Arrays;

/**
 * Pairwise squared distances between n updates through a Gram matrix, ‖x_i − x_j‖² = G_ii + G_jj −
 * 2 G_ij, computed as one blocked matrix product X·Xᵀ instead of n² separate passes over d.
 *
 * <p>The updates are first shifted per coordinate by a reference r: G_ij = ⟨x_i − r, x_j − r⟩.
 * Distances are unchanged by the shift, and it removes the large common component that FL updates
 * share, which would otherwise cancel catastrophically in G_ii + G_jj − 2G_ij. The pure-Java kernel
 * uses the mean (r = x̄), the BLAS kernel the median of three updates (one pass over the data
 * instead of two); the matrices differ, the distances agree.
 *
 * <p>Sharding: r is per coordinate, so {@link #partialGram} over disjoint parameter ranges (by one
 * kernel) gives matrices that add up to the Gram matrix of the whole vectors. A sharded job
 * computes a partial matrix per shard (O(n²) doubles each), sums them, and runs the selection
 * ({@link Krum}, {@link MultiKrum}, {@link Bulyan}) once on the sum. {@link #gram(float[][], int)}
 * does the same with threads.
 *
 * <p>Kernels ({@link GramKernel}): by default OpenBLAS {@code ssyrk} on the machine's cores ({@code
 * BlasGram}), with the pure-Java kernel below as the fallback when the native library does not
 * load.
 *
 * <p>Pure-Java kernel: a super-block of {@value #SUPER} coordinates is centred and transposed into
 * a coordinate-major buffer. G is computed in column tiles of {@value #TILE}; for each tile, slices
 * of {@value #SUB} coordinates × {@value #TILE} columns (16 KiB, L1-resident) are copied out once
 * and reused by every row i, whose float accumulator row (one per i, {@value #TILE} wide) lives in
 * L2. The innermost loop, acc[j] += Σ_4 s_c·t_c[j], is one the JIT vectorises. Products are summed
 * in float within a super-block and the super-block sums in double. Numbers and the kernels that
 * were tried are in docs/performance.md.
 */
public final class GramMatrix {
    /** Coordinates centred at a time; float accumulators are flushed to double after each. */
    private static final int SUPER = 512;

    /** Coordinates per L1 slice: SUB × TILE floats = 16 KiB. */
    private static final int SUB = 32;

    /** Columns of G per tile. */
    private static final int TILE = 128;

    private GramMatrix() {}

    /**
     * The Gram matrix (shifted per coordinate, see above) of {@code updates} restricted to
     * coordinates [from, to), as a row-major n×n array (both triangles filled), by {@link
     * GramKernel#fastest()}.
     */
    public static double[] partialGram(float[][] updates, int from, int to) {
        return partialGram(updates, from, to, GramKernel.fastest());
    }

    /** {@link #partialGram(float[][], int, int)} by the given kernel. */
    public static double[] partialGram(float[][] updates, int from, int to, GramKernel kernel) {
        int d = Updates.check(updates, null);
        if (from < 0 || to > d || from > to) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") vs vector length " + d);
        }
        return kernel.partialGram(updates, from, to);
    }

    /** The pure-Java kernel ({@link GramKernel#JAVA}); arguments already checked. */
    public static double[] javaPartialGram(float[][] updates, int from, int to) {
        int n = updates.length;
        double[] g = new double[n * n];
        if (n == 0 || from == to) {
            return g;
        }
        int tile = Math.min(TILE, n);
        float[][] xt = new float[SUPER][n];
        double[] mean = new double[SUPER];
        float[][] slice = new float[SUB][tile];
        float[][] acc = new float[n][tile];
        for (int c0 = from; c0 < to; c0 += SUPER) {
            int len = Math.min(SUPER, to - c0);
            transposeCentred(updates, c0, len, xt, mean);
            for (int j0 = 0; j0 < n; j0 += tile) {
                int w = Math.min(tile, n - j0);
                for (int i = j0; i < n; i++) {
                    Arrays.fill(acc[i], 0, w, 0f);
                }
                for (int s0 = 0; s0 < len; s0 += SUB) {
                    int sl = Math.min(SUB, len - s0);
                    for (int c = 0; c < sl; c++) {
                        System.arraycopy(xt[s0 + c], j0, slice[c], 0, w);
                    }
                    for (int i = j0; i < n; i++) {
                        rowSlice(xt, s0, slice, sl, w, i, acc[i]);
                    }
                }
                // Lower triangle only; the diagonal tile computed a few products above it.
                for (int i = j0; i < n; i++) {
                    float[] a = acc[i];
                    int o = i * n + j0;
                    int jn = Math.min(w, i - j0 + 1);
                    for (int j = 0; j < jn; j++) {
                        g[o + j] += a[j];
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                g[j * n + i] = g[i * n + j];
            }
        }
        return g;
    }

    /**
     * The Gram matrix (shifted per coordinate, see above) of the whole vectors, by {@link
     * GramKernel#fastest()}.
     */
    public static double[] gram(float[][] updates) {
        return gram(updates, GramKernel.fastest());
    }

    /**
     * The Gram matrix (shifted per coordinate, see above) of the whole vectors, by the given
     * kernel.
     */
    public static double[] gram(float[][] updates, GramKernel kernel) {
        return partialGram(updates, 0, updates.length == 0 ? 0 : updates[0].length, kernel);
    }

    /**
     * The Gram matrix (shifted per coordinate, see above) of the whole vectors, computed by the
     * pure-Java kernel on {@code threads} threads over disjoint coordinate ranges whose partial
     * matrices are summed: the sharded computation on one machine. Equal to {@link
     * #gram(float[][])} up to float rounding.
     */
    public static double[] gram(float[][] updates, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        int d = Updates.check(updates, null);
        int parts = Math.max(1, Math.min(threads, d / SUPER));
        if (parts == 1) {
            return gram(updates, GramKernel.JAVA);
        }
        return CoordinateParts.sum(
                CoordinateParts.cuts(0, d, parts, SUPER),
                (from, to) -> javaPartialGram(updates, from, to));
    }

    /**
     * Squared distances D_ij = G_ii + G_jj − 2G_ij from a (summed) Gram matrix, row-major n×n,
     * clamped at 0 against rounding. {@code gram} is not modified.
     */
    public static double[] squaredDistances(double[] gram, int n) {
        if (gram.length != n * n) {
            throw new IllegalArgumentException("gram length " + gram.length + " vs n*n=" + n * n);
        }
        double[] dist = new double[n * n];
        for (int i = 0; i < n; i++) {
            double gii = gram[i * n + i];
            for (int j = 0; j < n; j++) {
                double v = gii + gram[j * n + j] - 2 * gram[i * n + j];
                dist[i * n + j] = i == j ? 0 : Math.max(0, v);
            }
        }
        return dist;
    }

    /** Pairwise squared distances of {@code updates}, row-major n×n, by the fastest kernel. */
    public static double[] pairwiseSquaredDistances(float[][] updates) {
        return pairwiseSquaredDistances(updates, GramKernel.fastest());
    }

    /** Pairwise squared distances of {@code updates}, row-major n×n, by the given kernel. */
    public static double[] pairwiseSquaredDistances(float[][] updates, GramKernel kernel) {
        return squaredDistances(gram(updates, kernel), updates.length);
    }

    private static void transposeCentred(
            float[][] x, int c0, int len, float[][] xt, double[] mean) {
        int n = x.length;
        Arrays.fill(mean, 0, len, 0.0);
        for (int i = 0; i < n; i++) {
            float[] v = x[i];
            for (int c = 0; c < len; c++) {
                mean[c] += v[c0 + c];
            }
        }
        double invN = 1.0 / n;
        // Tiles of 16 rows keep the source cache lines in L1 while a block column is written.
        for (int i0 = 0; i0 < n; i0 += 16) {
            int i1 = Math.min(n, i0 + 16);
            for (int c = 0; c < len; c++) {
                float m = (float) (mean[c] * invN);
                float[] t = xt[c];
                for (int i = i0; i < i1; i++) {
                    t[i] = x[i][c0 + c] - m;
                }
            }
        }
    }

    /**
     * acc[j] += Σ_c xt[s0+c][i]·slice[c][j] for c in [0, sl), j in [0, w), four coordinates per
     * step. acc and the slice rows are indexed by the same j: with an offset between them the JIT
     * stops vectorising the loop (measured 2× slower), and so it does when four rows i share it.
     */
    private static void rowSlice(
            float[][] xt, int s0, float[][] slice, int sl, int w, int i, float[] acc) {
        int c = 0;
        for (; c + 3 < sl; c += 4) {
            float[] t0 = slice[c];
            float[] t1 = slice[c + 1];
            float[] t2 = slice[c + 2];
            float[] t3 = slice[c + 3];
            float a0 = xt[s0 + c][i];
            float a1 = xt[s0 + c + 1][i];
            float a2 = xt[s0 + c + 2][i];
            float a3 = xt[s0 + c + 3][i];
            for (int j = 0; j < w; j++) {
                acc[j] += a0 * t0[j] + a1 * t1[j] + a2 * t2[j] + a3 * t3[j];
            }
        }
        for (; c < sl; c++) {
            float[] t = slice[c];
            float a = xt[s0 + c][i];
            for (int j = 0; j < w; j++) {
                acc[j] += a * t[j];
            }
        }
    }
}
