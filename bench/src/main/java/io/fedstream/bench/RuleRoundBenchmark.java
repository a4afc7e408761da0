package io.fedstream.bench;

import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.CoordinateMedian;
import io.fedstream.job.aggregation.rules.Krum;
import io.fedstream.job.aggregation.rules.MultiKrum;
import io.fedstream.job.aggregation.rules.RobustRule;
import io.fedstream.job.aggregation.rules.WeightedAverage;
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
 * Wall time of one round of a rule, one round per iteration, on n seeded updates uniform in [-0.5,
 * 0.5) of length d, unweighted: Krum, Multi-Krum (m = n − f) and Bulyan with f = n/10 and the
 * default Gram kernel and threads, the median with f = 0, and FedAvg. The first quarter of the
 * rounds are warm-up iterations: 25 rounds are {@code -wi 6 -i 19} (the default), 300 rounds {@code
 * -wi 75 -i 225}. The figures are the best round (the JSON's minimum) and the mean, percentiles and
 * maximum of the measured rounds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 6)
@Measurement(iterations = 19)
@State(Scope.Benchmark)
public class RuleRoundBenchmark {
    @Param({"100x101770", "1000x101770"})
    public String shape;

    @Param({"fedavg", "krum", "multi-krum", "bulyan", "median"})
    public String rule;

    private float[][] updates;
    private RobustRule robust;

    @Setup(Level.Trial)
    public void setUp() {
        int[] nd = SeededUpdates.shape(shape);
        int n = nd[0];
        int f = n / 10;
        switch (rule) {
            case "fedavg":
                robust = new WeightedAverage();
                break;
            case "krum":
                robust = new Krum(f);
                break;
            case "multi-krum":
                robust = new MultiKrum(f, n - f);
                break;
            case "bulyan":
                robust = new Bulyan(f);
                break;
            case "median":
                robust = new CoordinateMedian(0);
                break;
            default:
                throw new IllegalArgumentException(
                        "rule '" + rule + "': expected fedavg, krum, multi-krum, bulyan or median");
        }
        updates = SeededUpdates.uniform(n, nd[1], 1, -0.5);
    }

    @Benchmark
    public float[] round() {
        return robust.aggregate(updates, null);
    }
}
