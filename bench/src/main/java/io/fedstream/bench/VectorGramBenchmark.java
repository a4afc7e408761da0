package io.fedstream.bench;

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
 * The Vector API Gram micro-kernel ({@link VectorGram}) on the inputs of {@link JavaGramBenchmark},
 * with {@code bits} = "preferred" (512-bit on Zen 4) or "256". Same figure: n(n+1)/2·d·{@code
 * calls} / {@code threadCpuNs} multiply-adds per CPU-second of the thread.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class VectorGramBenchmark {
    @Param({"400x101770"})
    public String shape;

    @Param({"preferred", "256"})
    public String bits;

    private float[][] updates;
    private VectorGram kernel;

    @Setup(Level.Trial)
    public void setUp() {
        int[] nd = SeededUpdates.shape(shape);
        updates = SeededUpdates.uniform(nd[0], nd[1], 1, 0);
        kernel = new VectorGram(bits);
    }

    @Benchmark
    public double[] gram(CpuTime cpu) {
        cpu.start();
        double[] g = kernel.gram(updates);
        cpu.stop();
        return g;
    }
}
