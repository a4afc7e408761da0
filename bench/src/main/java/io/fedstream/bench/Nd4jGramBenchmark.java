package io.fedstream.bench;

import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
 * The centred Gram matrix through ND4J 1.0.0-M2.1 (OpenBLAS {@code sgemm} of X·Xᵀ, both triangles;
 * the copy in, the centring and the copy out to double included) on the inputs of {@link
 * JavaGramBenchmark}. The figure is useful multiply-adds per CPU-second of the process,
 * n(n+1)/2·d·{@code calls} / {@code processCpuNs} (twice that is what sgemm computes), since
 * OpenBLAS computes on its own threads.
 *
 * <p>ND4J is a {@code provided} dependency of this module (its natives would add 100 MB to
 * benchmarks.jar), so this benchmark runs with those jars added, single-threaded as measured:
 *
 * <pre>
 * mvn -q -B package dependency:build-classpath -pl bench -am -DskipTests \
 *     -Dmdep.includeScope=provided -Dmdep.outputFile=target/provided.cp
 * OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 java -cp \
 *     "bench/target/benchmarks.jar:$(cat bench/target/provided.cp)" org.openjdk.jmh.Main Nd4jGram
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class Nd4jGramBenchmark {
    @Param({"400x101770"})
    public String shape;

    private float[][] updates;

    @Setup(Level.Trial)
    public void setUp() {
        for (String env : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"}) {
            if (!"1".equals(System.getenv(env))) {
                throw new IllegalStateException(
                        env
                                + "="
                                + System.getenv(env)
                                + ": expected 1 (the figure is single-threaded)");
            }
        }
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "ND4J is not on the classpath: add bench's provided jars (see the Javadoc)", e);
        }
        int[] nd = SeededUpdates.shape(shape);
        updates = SeededUpdates.uniform(nd[0], nd[1], 1, 0);
    }

    @Benchmark
    public double[] gram(CpuTime cpu) {
        cpu.start();
        INDArray x = Nd4j.create(updates); // copy in (n·d floats)
        x.subiRowVector(x.mean(0));
        INDArray g = x.mmul(x.transpose());
        double[] out = g.castTo(DataType.DOUBLE).data().asDouble();
        cpu.stop();
        return out;
    }
}
