package io.fedstream.bench;

import io.fedstream.job.aggregation.WeightedMean;
import io.fedstream.job.aggregation.rules.RobustRule;
import java.util.SplittableRandom;
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
 * One round of each rule on n updates of d floats (shape "n x d"), single-threaded. Updates are
 * seeded N(0, 1) values, weights seeded sample counts in [50, 150).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class RuleBenchmark {

    @Param({"10x101770", "100x101770", "1000x101770", "100x1000000"})
    public String shape;

    @Param({
        "fedavg",
        "fedavg-streaming",
        "norm-bound+fedavg",
        "median",
        "trimmed-mean",
        "median-2t",
        "trimmed-mean-2t",
        "krum",
        "multi-krum",
        "bulyan",
        "krum-java",
        "multi-krum-java",
        "bulyan-java",
        "krum-2t",
        "multi-krum-2t",
        "bulyan-2t",
        "geomed",
        "centered-clipping"
    })
    public String rule;

    private float[][] updates;
    private double[] weights;
    private RobustRule robust;

    @Setup(Level.Trial)
    public void setUp() {
        String[] nd = shape.split("x");
        int n = Integer.parseInt(nd[0]);
        int d = Integer.parseInt(nd[1]);
        updates = gaussian(n, d, 42);
        weights = new double[n];
        SplittableRandom rnd = new SplittableRandom(43);
        for (int k = 0; k < n; k++) {
            weights[k] = 50 + rnd.nextInt(100);
        }
        robust = rule.equals("fedavg-streaming") ? null : Rules.create(rule, n);
    }

    /** Seeded N(0,1) by the sum of 4 uniforms (scaled): cheap enough for 10^8 values. */
    static float[][] gaussian(int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int c = 0; c < d; c++) {
                double s =
                        rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble();
                row[c] = (float) ((s - 2) * 1.7320508075688772);
            }
        }
        return x;
    }

    @Benchmark
    public float[] aggregate() {
        if (robust == null) {
            // The job's current streaming FedAvg: one double accumulator of length d, updates
            // added as they arrive.
            WeightedMean mean = new WeightedMean(updates[0].length);
            for (int k = 0; k < updates.length; k++) {
                mean.add(updates[k], weights[k]);
            }
            return mean.mean();
        }
        return robust.aggregate(updates, weights);
    }
}
