package io.fedstream.job.aggregate.robust;

/**
 * Pairwise squared distances between n updates through a Gram matrix, ‖x_i − x_j‖² = G_ii + G_jj −
 * 2 G_ij, computed as one blocked matrix product X·Xᵀ instead of n² separate passes over d.
 *
 * <p>The updates are first centred per coordinate on their mean x̄: G_ij = ⟨x_i − x̄, x_j − x̄⟩.
 * Distances are unchanged by the shift, and centring removes the large common component that FL
 * updates share, which would otherwise cancel catastrophically in G_ii + G_jj − 2G_ij.
 *
 * <p>Sharding: x̄ is per coordinate, so {@link #partialGram} over disjoint parameter ranges gives
 * matrices that add up to the Gram matrix of the whole vectors. A sharded job computes a partial
 * matrix per shard (O(n²) doubles each), sums them, and runs the selection ({@link Krum}, {@link
 * MultiKrum}, {@link Bulyan}) once on the sum.
 *
 * <p>Kernel: per block of coordinates the centred values are transposed into a coordinate-major
 * buffer; each row of G is then an accumulation of scaled buffer rows (an axpy the JIT vectorises)
 * over a tile of columns that stays in L2. Products are summed in float within a block of
 * coordinates and the block sums in double.
 */
public final class GramMatrix {
    /** Columns of G per tile: keeps a tile of the transposed block (block × TILE floats) in L2. */
    private static final int TILE = 128;

    private GramMatrix() {}

    /**
     * The centred Gram matrix of {@code updates} restricted to coordinates [from, to), as a
     * row-major n×n array (both triangles filled).
     */
    public static double[] partialGram(float[][] updates, int from, int to) {
        int d = Updates.check(updates, null);
        if (from < 0 || to > d || from > to) {
            throw new IllegalArgumentException(
                    "range [" + from + ", " + to + ") vs vector length " + d);
        }
        int n = updates.length;
        double[] g = new double[n * n];
        if (n == 0) {
            return g;
        }
        int block = blockFor(n);
        float[][] xt = new float[block][n];
        double[] mean = new double[block];
        float[] acc = new float[n];
        double invN = 1.0 / n;
        for (int c0 = from; c0 < to; c0 += block) {
            int len = Math.min(block, to - c0);
            transposeCentred(updates, c0, len, xt, mean, invN);
            for (int j0 = 0; j0 < n; j0 += TILE) {
                int jn = Math.min(n, j0 + TILE);
                for (int i = j0; i < n; i++) {
                    int jEnd = Math.min(jn, i + 1);
                    rowTile(xt, len, i, j0, jEnd, acc);
                    int o = i * n;
                    for (int j = j0; j < jEnd; j++) {
                        g[o + j] += acc[j];
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

    /** The centred Gram matrix of the whole vectors. */
    public static double[] gram(float[][] updates) {
        return partialGram(updates, 0, updates.length == 0 ? 0 : updates[0].length);
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

    /** Pairwise squared distances of {@code updates}, row-major n×n. */
    public static double[] pairwiseSquaredDistances(float[][] updates) {
        return squaredDistances(gram(updates), updates.length);
    }

    /** Coordinates per block: about 512 KiB of transposed floats, between 256 and 4096. */
    static int blockFor(int n) {
        int b = (128 * 1024) / Math.max(1, Math.min(n, TILE * 2));
        return Math.max(256, Math.min(4096, b)) & ~3;
    }

    private static void transposeCentred(
            float[][] x, int c0, int len, float[][] xt, double[] mean, double invN) {
        int n = x.length;
        java.util.Arrays.fill(mean, 0, len, 0.0);
        for (int i = 0; i < n; i++) {
            float[] v = x[i];
            for (int c = 0; c < len; c++) {
                mean[c] += v[c0 + c];
            }
        }
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
     * acc[j] = Σ_c xt[c][i]·xt[c][j] for j in [j0, jEnd), four coordinates per step. The loop
     * indexes acc and the rows by the same j: with an offset between them the JIT stops vectorising
     * it (measured 2× slower), and blocking four rows i at once stopped it too.
     */
    private static void rowTile(float[][] xt, int len, int i, int j0, int jEnd, float[] acc) {
        java.util.Arrays.fill(acc, j0, jEnd, 0f);
        int c = 0;
        for (; c + 3 < len; c += 4) {
            float[] t0 = xt[c];
            float[] t1 = xt[c + 1];
            float[] t2 = xt[c + 2];
            float[] t3 = xt[c + 3];
            float s0 = t0[i];
            float s1 = t1[i];
            float s2 = t2[i];
            float s3 = t3[i];
            for (int j = j0; j < jEnd; j++) {
                acc[j] += s0 * t0[j] + s1 * t1[j] + s2 * t2[j] + s3 * t3[j];
            }
        }
        for (; c < len; c++) {
            float[] t = xt[c];
            float s = t[i];
            for (int j = j0; j < jEnd; j++) {
                acc[j] += s * t[j];
            }
        }
    }
}
