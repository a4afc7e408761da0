package io.fedstream.edge.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide limit on the threads one ND4J operation may use (OpenMP and OpenBLAS).
 *
 * <p>Why: a client's matrices are small (batch 32 x 784 x 128), so splitting one operation across
 * cores gains little, while several trainings in parallel that each start a team of OpenMP threads
 * oversubscribe the cores. Measured on a 2-core VM under load, MLP 784-128-10 with 600 examples, 5
 * epochs, batch 32: median 140 ms with one thread per operation against 330 ms with ND4J's default
 * of one per core.
 */
public final class Nd4jThreads {
    private Nd4jThreads() {}

    /** Lets every ND4J operation use at most {@code threads} threads. Affects the whole JVM. */
    public static void limitPerOperation(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + ": expected >= 1");
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /**
     * One thread per operation when {@code parallelTrainings} fill the cores, else a share of them.
     */
    public static int perOperationFor(int parallelTrainings) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / parallelTrainings);
    }
}
