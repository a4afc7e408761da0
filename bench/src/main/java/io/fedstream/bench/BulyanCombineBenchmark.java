package io.fedstream.bench;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.CoordinateMedian;
import io.fedstream.job.aggregation.rules.TrimmedMean;
import java.util.Arrays;
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
 * Bulyan's phase 2 at n = 100, f = 10 (θ = 80 selected updates, here the first 80), next to the
 * median and the trimmed mean (β = 0.25) of the same 80 rows, d = 101,770, on {@code threads}
 * threads. Seeded updates uniform in [-0.5, 0.5); the figure is the best of 25 iterations (the
 * JSON's minimum).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 5)
@Measurement(iterations = 25)
@State(Scope.Benchmark)
public class BulyanCombineBenchmark {
    private static final int N = 100;
    private static final int D = 101_770;
    private static final int F = 10;

    @Param({"1", "2"})
    public int threads;

    @Param({"bulyan-combine", "median", "trimmed-mean"})
    public String op;

    private float[][] updates;
    private float[][] selectedRows;
    private int[] selected;
    private Bulyan bulyan;
    private CoordinateMedian median;
    private TrimmedMean trimmedMean;

    @Setup(Level.Trial)
    public void setUp() {
        updates = SeededUpdates.uniform(N, D, 1, -0.5);
        int theta = N - 2 * F;
        selected = new int[theta];
        for (int i = 0; i < theta; i++) {
            selected[i] = i;
        }
        selectedRows = Arrays.copyOf(updates, theta);
        bulyan = new Bulyan(F, GramKernel.JAVA, threads);
        median = new CoordinateMedian(0, threads);
        trimmedMean = new TrimmedMean(0.25, threads);
        if (!Arrays.asList("bulyan-combine", "median", "trimmed-mean").contains(op)) {
            throw new IllegalArgumentException(
                    "op '" + op + "': expected bulyan-combine, median or trimmed-mean");
        }
    }

    @Benchmark
    public float[] combine() {
        switch (op) {
            case "bulyan-combine":
                return bulyan.combine(updates, selected);
            case "median":
                return median.aggregate(selectedRows, null);
            default:
                return trimmedMean.aggregate(selectedRows, null);
        }
    }
}
