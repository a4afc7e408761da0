package io.fedstream.job.aggregation.kernels;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The Gram matrix of the updates, shifted per coordinate, through OpenBLAS {@code ssyrk} (C = A·Aᵀ,
 * lower triangle only), called through the JavaCPP preset that ND4J also loads. Package-private:
 * use {@link GramKernel#BLAS}.
 *
 * <p>The coordinate range is split into parts, one per thread ({@link #load}), that are computed
 * the way parameter shards would be: each thread centres and packs its own blocks and runs a
 * single-threaded {@code ssyrk} on them, and the partial matrices are summed. So the centring and
 * copying run on every core as well as the products, and OpenBLAS starts no threads of its own (its
 * pool is set to one thread), which leaves no idle BLAS threads spinning between calls.
 *
 * <p>Each block of coordinates is shifted per coordinate by a reference, the median of three
 * updates (rows 0, n/2 and n−1), and written row-major (n × block) into native memory, in chunks of
 * at most {@value #CHUNK} coordinates. Distances do not depend on the shift; it only has to remove
 * the common component of the updates, which would otherwise cancel in G_ii + G_jj − 2G_ij. The
 * median of three does that in one pass over the data, where the mean needs two (a mean pass, then
 * the centring pass: 2.8 of 16 ms per half of a 100 × 101,770 round), and one far-off update among
 * the three cannot move it outside the others' range.
 *
 * <p>ssyrk accumulates the block in float, and after at most {@value #MAX_BLOCK} coordinates the
 * float result is added to the double G. Blocks hold about 2²¹ floats (2048 to 8192 coordinates),
 * so a float sum never runs over more than 8192 products, 16× the pure-Java kernel's 512.
 */
public final class BlasGram {
    private static final int CHUNK = 1024;
    private static final int MIN_CHUNK = 128;
    private static final int MIN_BLOCK = 2048;
    private static final int MAX_BLOCK = 8192;

    /** Threads per Gram matrix; set by {@link #load}. */
    private static volatile int threads = 1;

    private BlasGram() {}

    /**
     * Loads the native library (throws a LinkageError if it cannot), keeps OpenBLAS on the calling
     * thread and computes each Gram matrix on {@code threads} threads of this class.
     */
    public static void load(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        BlasGram.threads = threads;
    }

    /** Coordinates shifted at a time: n × chunk floats (at most 1 MiB), as written in one pass. */
    private static int chunkFor(int n) {
        int c = Integer.highestOneBit(Math.max(1, (1 << 18) / Math.max(1, n)));
        return Math.max(MIN_CHUNK, Math.min(CHUNK, c));
    }

    /** Coordinates per ssyrk call for n updates: about 2²¹ floats of native buffer. */
    public static int blockFor(int n) {
        int b = Integer.highestOneBit(Math.max(1, (1 << 21) / Math.max(1, n)));
        return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, b));
    }

    /**
     * Same contract as {@link GramMatrix#partialGram(float[][], int, int)}; range checked there.
     */
    public static double[] partialGram(float[][] x, int from, int to) {
        int n = x.length;
        if (n == 0 || from == to) {
            return new double[n * n];
        }
        // A part is at least one block of 2048 coordinates; smaller ones are not worth a thread.
        int parts = Math.max(1, Math.min(threads, (to - from) / MIN_BLOCK));
        double[] g =
                CoordinateParts.sum(
                        CoordinateParts.cuts(from, to, parts, CHUNK),
                        (lo, hi) -> rangeGram(x, lo, hi));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                g[j * n + i] = g[i * n + j];
            }
        }
        return g;
    }

    /** The lower triangle (row-major n×n, upper left 0) of the centred Gram over [from, to). */
    private static double[] rangeGram(float[][] x, int from, int to) {
        int n = x.length;
        double[] g = new double[n * n];
        int block = Math.min(blockFor(n), to - from);
        int chunk = chunkFor(n);
        float[] ref = new float[chunk];
        float[] row = new float[chunk];
        float[] c = new float[n * n];
        try (FloatPointer a = new FloatPointer((long) n * block);
                FloatPointer out = new FloatPointer((long) n * n)) {
            FloatBuffer ab = a.asBuffer();
            int pending = 0;
            for (int b0 = from; b0 < to; b0 += block) {
                int len = Math.min(block, to - b0);
                for (int c0 = b0; c0 < b0 + len; c0 += chunk) {
                    int cl = Math.min(chunk, b0 + len - c0);
                    reference(x, c0, cl, ref);
                    for (int i = 0; i < n; i++) {
                        centre(x[i], c0, cl, ref, row);
                        ab.put(i * len + (c0 - b0), row, 0, cl);
                    }
                }
                // Consecutive blocks accumulate in the float C (beta = 1) up to MAX_BLOCK
                // coordinates, then C is added to the double G: at n = 1000 that is one n² flush
                // per 8192 coordinates instead of per 2048.
                cblas_ssyrk(
                        CblasRowMajor,
                        CblasLower,
                        CblasNoTrans,
                        n,
                        len,
                        1f,
                        a,
                        len,
                        pending == 0 ? 0f : 1f,
                        out,
                        n);
                pending += len;
                if (pending + block > MAX_BLOCK || b0 + len >= to) {
                    flush(out, c, g, n);
                    pending = 0;
                }
            }
        }
        return g;
    }

    /** g += the lower triangle of the native n×n {@code out}, through the heap copy {@code c}. */
    private static void flush(FloatPointer out, float[] c, double[] g, int n) {
        out.get(c, 0, n * n);
        for (int i = 0; i < n; i++) {
            int o = i * n;
            for (int j = 0; j <= i; j++) {
                g[o + j] += c[o + j];
            }
        }
    }

    /** ref[k] = the median of x[0], x[n/2] and x[n−1] at coordinate c0 + k, for k in [0, len). */
    private static void reference(float[][] x, int c0, int len, float[] ref) {
        float[] p = x[0];
        float[] q = x[x.length / 2];
        float[] r = x[x.length - 1];
        for (int k = 0; k < len; k++) {
            float a = p[c0 + k];
            float b = q[c0 + k];
            float c = r[c0 + k];
            ref[k] = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
        }
    }

    private static void centre(float[] v, int c0, int len, float[] ref, float[] row) {
        for (int k = 0; k < len; k++) {
            row[k] = v[c0 + k] - ref[k];
        }
    }
}
