package io.fedstream.job.aggregation.kernels;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel that computes a Gram matrix of shifted updates ({@link GramMatrix}). Both give the
 * same pairwise distances up to float rounding (products are summed in float within a block of
 * coordinates, blocks in double); the matrices themselves differ by the per-coordinate shift: the
 * Java kernel centres on the mean, the BLAS kernel on the median of three updates (one pass).
 *
 * <ul>
 *   <li>{@link #JAVA}: the blocked pure-Java kernel, single-threaded, no native code.
 *   <li>{@link #BLAS}: OpenBLAS {@code ssyrk} (one triangle) on the machine's cores, through the
 *       JavaCPP preset {@code org.bytedeco:openblas}.
 * </ul>
 *
 * <p>{@link #fastest()} is BLAS when the native library loads and JAVA otherwise (with one log
 * line). System properties, read once: {@code fedstream.gram.kernel} = {@code auto} (default),
 * {@code java} or {@code blas}; {@code fedstream.gram.threads} = {@link #threads()}, the threads a
 * BLAS Gram matrix (and Bulyan's per-coordinate phase) runs on (default: the available processors;
 * 1 keeps all the work on the calling thread).
 */
public enum GramKernel {
    JAVA {
        @Override
        double[] partialGram(float[][] updates, int from, int to) {
            return GramMatrix.javaPartialGram(updates, from, to);
        }
    },
    BLAS {
        @Override
        double[] partialGram(float[][] updates, int from, int to) {
            if (Native.FAILURE != null) {
                throw new IllegalStateException(
                        "the BLAS Gram kernel is unavailable: " + Native.FAILURE, Native.FAILURE);
            }
            return BlasGram.partialGram(updates, from, to);
        }
    };

    /** The centred Gram matrix over coordinates [from, to); arguments already checked. */
    abstract double[] partialGram(float[][] updates, int from, int to);

    /** Whether this kernel can run in this JVM (BLAS: the native library loaded). */
    public boolean isAvailable() {
        return this == JAVA || Native.FAILURE == null;
    }

    /**
     * Threads per Gram matrix by the BLAS kernel, and for Bulyan's per-coordinate phase: {@code
     * -Dfedstream.gram.threads}, default the available processors.
     */
    public static int threads() {
        return Threads.COUNT;
    }

    /**
     * The kernel the rules use by default: BLAS if it loaded and is not switched off, else JAVA.
     */
    public static GramKernel fastest() {
        return Native.FASTEST;
    }

    /** Reads {@code fedstream.gram.threads} once. */
    private static final class Threads {
        static final int COUNT = read();

        private static int read() {
            int t =
                    Integer.getInteger(
                            "fedstream.gram.threads", Runtime.getRuntime().availableProcessors());
            if (t < 1) {
                throw new IllegalArgumentException(
                        "-Dfedstream.gram.threads=" + t + ": expected at least 1");
            }
            return t;
        }
    }

    /** Loads OpenBLAS once, on first use of BLAS or {@link #fastest()}. */
    private static final class Native {
        private static final Logger LOG = LoggerFactory.getLogger(GramKernel.class);
        static final Throwable FAILURE = tryLoad();
        static final GramKernel FASTEST = choose();

        private static Throwable tryLoad() {
            String mode = System.getProperty("fedstream.gram.kernel", "auto");
            if (mode.equals("java")) {
                return new IllegalStateException("switched off by -Dfedstream.gram.kernel=java");
            }
            try {
                BlasGram.load(threads());
                // Two updates 0 and 2: their squared distance G_00 + G_11 − 2 G_01 is 4.
                double[] g = BlasGram.partialGram(new float[][] {{0}, {2}}, 0, 1);
                if (Math.abs(g[0] + g[3] - 2 * g[1] - 4) > 1e-6) {
                    return new IllegalStateException(
                            "OpenBLAS self-check gave G = " + java.util.Arrays.toString(g));
                }
                return null;
            } catch (LinkageError | RuntimeException e) {
                return e;
            }
        }

        private static GramKernel choose() {
            if (FAILURE == null) {
                LOG.info("Gram matrices (Krum, Multi-Krum, Bulyan) use OpenBLAS ssyrk");
                return BLAS;
            }
            LOG.warn(
                    "Gram matrices (Krum, Multi-Krum, Bulyan) use the pure-Java kernel: {}",
                    FAILURE.toString());
            return JAVA;
        }
    }
}
