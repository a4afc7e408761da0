package io.fedstream.bench;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link GramMatrix#gram(float[][], GramKernel)} by each kernel on n seeded updates uniform in
 * [-0.5, 0.5) of length d, one Gram matrix per iteration: wall time, and process CPU time ({@code
 * processCpuNs}, OpenBLAS threads included) in {@link CpuTime}. The figures are the best iteration
 * of each: the JSON's minimum ({@code scorePercentiles} 0.0) of the primary result and of {@code
 * processCpuNs}.
 *
 * <p>{@code kernel}: "java" ({@link GramKernel#JAVA}), "blas-1t" and "blas-2t" ({@link
 * GramKernel#BLAS} with {@code -Dfedstream.gram.threads=1} or 2, set here before the kernel reads
 * it; the property is read once per JVM, so each trial needs its own fork).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@Warmup(iterations = 3)
@Measurement(iterations = 30)
@State(Scope.Benchmark)
public class GramKernelBenchmark {
    @Param({"100x101770", "1000x101770"})
    public String shape;

    @Param({"java", "blas-1t", "blas-2t"})
    public String kernel;

    private float[][] updates;
    private GramKernel gramKernel;

    @Setup(Level.Trial)
    public void setUp() {
        int threads;
        switch (kernel) {
            case "java":
                gramKernel = GramKernel.JAVA;
                threads = 1;
                break;
            case "blas-1t":
            case "blas-2t":
                gramKernel = GramKernel.BLAS;
                threads = kernel.equals("blas-1t") ? 1 : 2;
                System.setProperty("fedstream.gram.threads", Integer.toString(threads));
                if (GramKernel.threads() != threads) {
                    throw new IllegalStateException(
                            "fedstream.gram.threads was read as "
                                    + GramKernel.threads()
                                    + " before this trial, expected "
                                    + threads
                                    + ": run with a fork per trial (-f 1)");
                }
                if (!gramKernel.isAvailable()) {
                    throw new IllegalStateException("OpenBLAS did not load");
                }
                break;
            default:
                throw new IllegalArgumentException(
                        "kernel '" + kernel + "': expected java, blas-1t or blas-2t");
        }
        int[] nd = SeededUpdates.shape(shape);
        updates = SeededUpdates.uniform(nd[0], nd[1], 1, -0.5);
    }

    @Benchmark
    public double[] gram(CpuTime cpu) {
        cpu.start();
        double[] g = GramMatrix.gram(updates, gramKernel);
        cpu.stop();
        return g;
    }
}
