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
 * The pure-Java Gram kernel ({@link GramKernel#JAVA}, single-threaded) on n seeded updates uniform
 * in [0, 1) of length d, one Gram matrix per iteration. The figure is multiply-adds per CPU-second
 * of the calling thread, n(n+1)/2·d·{@code calls} / {@code threadCpuNs} ({@link CpuTime}), which
 * stays meaningful on a loaded machine.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class JavaGramBenchmark {
    @Param({"400x101770"})
    public String shape;

    private float[][] updates;

    @Setup(Level.Trial)
    public void setUp() {
        int[] nd = SeededUpdates.shape(shape);
        updates = SeededUpdates.uniform(nd[0], nd[1], 1, 0);
    }

    @Benchmark
    public double[] gram(CpuTime cpu) {
        cpu.start();
        double[] g = GramMatrix.gram(updates, GramKernel.JAVA);
        cpu.stop();
        return g;
    }
}
