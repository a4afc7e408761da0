package io.fedstream.job.aggregate.robust;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The centred Gram matrix through OpenBLAS {@code ssyrk} (C = A·Aᵀ, lower triangle only), called
 * through the JavaCPP preset that ND4J also loads. Package-private: use {@link GramKernel#BLAS}.
 *
 * <p>Each block of coordinates is centred per coordinate on the mean of the n updates (in chunks of
 * {@value #CHUNK} coordinates that stay in L2 between the mean and the centring pass) and written
 * row-major (n × block) into native memory; ssyrk then accumulates the block in float and the block
 * result is added to the double G. Blocks hold about 2²¹ floats (2048 to 8192 coordinates), so a
 * float sum never runs over more than 8192 products, 16× the pure-Java kernel's 512.
 *
 * <p>OpenBLAS runs every call on its own threads ({@link #load}); calls are serialised by a lock,
 * because two callers would each start that many threads on the same cores.
 */
final class BlasGram {
    private static final int CHUNK = 1024;
    private static final int MIN_BLOCK = 2048;
    private static final int MAX_BLOCK = 8192;
    private static final Object LOCK = new Object();

    private BlasGram() {}

    /** Loads the native library (throws a LinkageError if it cannot) and sets its thread count. */
    static void load(int threads) {
        Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
    }

    /** Coordinates per ssyrk call for n updates: about 2²¹ floats of native buffer. */
    static int blockFor(int n) {
        int b = Integer.highestOneBit(Math.max(1, (1 << 21) / Math.max(1, n)));
        return Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, b));
    }

    /**
     * Same contract as {@link GramMatrix#partialGram(float[][], int, int)}; range checked there.
     */
    static double[] partialGram(float[][] x, int from, int to) {
        int n = x.length;
        double[] g = new double[n * n];
        if (n == 0 || from == to) {
            return g;
        }
        int block = Math.min(blockFor(n), to - from);
        float[] mean = new float[CHUNK];
        float[] row = new float[CHUNK];
        float[] c = new float[n * n];
        try (FloatPointer a = new FloatPointer((long) n * block);
                FloatPointer out = new FloatPointer((long) n * n)) {
            FloatBuffer ab = a.asBuffer();
            for (int b0 = from; b0 < to; b0 += block) {
                int len = Math.min(block, to - b0);
                for (int c0 = b0; c0 < b0 + len; c0 += CHUNK) {
                    int cl = Math.min(CHUNK, b0 + len - c0);
                    // A float mean is enough: any per-coordinate shift leaves distances unchanged;
                    // it only has to remove the common component (a double sum does not vectorise).
                    mean(x, c0, cl, mean);
                    for (int i = 0; i < n; i++) {
                        centre(x[i], c0, cl, mean, row);
                        ab.put(i * len + (c0 - b0), row, 0, cl);
                    }
                }
                synchronized (LOCK) {
                    cblas_ssyrk(
                            CblasRowMajor,
                            CblasLower,
                            CblasNoTrans,
                            n,
                            len,
                            1f,
                            a,
                            len,
                            0f,
                            out,
                            n);
                }
                out.get(c, 0, n * n);
                for (int i = 0; i < n; i++) {
                    int o = i * n;
                    for (int j = 0; j <= i; j++) {
                        g[o + j] += c[o + j];
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

    /** mean[k] = the mean of x[i][c0 + k] over i, for k in [0, len). */
    private static void mean(float[][] x, int c0, int len, float[] mean) {
        Arrays.fill(mean, 0, len, 0f);
        for (float[] v : x) {
            for (int k = 0; k < len; k++) {
                mean[k] += v[c0 + k];
            }
        }
        int n = x.length;
        for (int k = 0; k < len; k++) {
            mean[k] /= n;
        }
    }

    private static void centre(float[] v, int c0, int len, float[] mean, float[] row) {
        for (int k = 0; k < len; k++) {
            row[k] = v[c0 + k] - mean[k];
        }
    }
}
