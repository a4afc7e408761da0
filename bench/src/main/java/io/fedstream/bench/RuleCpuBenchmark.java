package io.fedstream.bench;

import io.fedstream.job.aggregation.rules.CoordinateMedian;
import io.fedstream.job.aggregation.rules.RobustRule;
import io.fedstream.job.aggregation.rules.TrimmedMean;
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
 * CPU time of the calling thread for one round of the coordinate-wise median (f = n/10) or the
 * trimmed mean (β = 0.1), single-threaded, on n seeded updates uniform in [0, 1) of length d, one
 * round per iteration. The figure is {@code threadCpuNs} per call ({@link CpuTime}); the JSON holds
 * each round's value.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class RuleCpuBenchmark {
    @Param({"1000x101770"})
    public String shape;

    @Param({"median", "trimmed-mean"})
    public String rule;

    private float[][] updates;
    private RobustRule robust;

    @Setup(Level.Trial)
    public void setUp() {
        int[] nd = SeededUpdates.shape(shape);
        switch (rule) {
            case "median":
                robust = new CoordinateMedian(nd[0] / 10);
                break;
            case "trimmed-mean":
                robust = new TrimmedMean(0.1);
                break;
            default:
                throw new IllegalArgumentException(
                        "rule '" + rule + "': expected median or trimmed-mean");
        }
        updates = SeededUpdates.uniform(nd[0], nd[1], 1, 0);
    }

    @Benchmark
    public float[] round(CpuTime cpu) {
        cpu.start();
        float[] out = robust.aggregate(updates, null);
        cpu.stop();
        return out;
    }
}
