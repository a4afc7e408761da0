package io.fedstream.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Is a sorting network's compare-exchange loop bound by memory or by compute? Four
 * compare-exchanges on four rows (a two-layer butterfly: rows 0-2 and 1-3, then 0-1 and 2-3) as
 * four passes over the rows ({@link #separate}) against one fused pass that keeps the four values
 * in registers ({@link #fused}), over the 19 quadruples of 76 of 80 seeded rows of {@value #LEN}
 * coordinates, uniform in [-0.5, 0.5), which stay in L2. The score is nanoseconds per
 * compare-exchange per coordinate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class CompareExchangeBenchmark {
    /** Coordinates per row: the column sorter's block at n = 100. */
    static final int LEN = 3264;

    private static final int ROWS = 80;
    private static final int QUADRUPLES = 19;
    private static final int OPS = QUADRUPLES * 4 * LEN;

    private float[][] x;

    @Setup(Level.Trial)
    public void setUp() {
        x = SeededUpdates.uniform(ROWS, LEN, 1, -0.5);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public float separate() {
        for (int q = 0; q < QUADRUPLES; q++) {
            int i = 4 * q;
            compareExchange(x[i], x[i + 2]);
            compareExchange(x[i + 1], x[i + 3]);
            compareExchange(x[i], x[i + 1]);
            compareExchange(x[i + 2], x[i + 3]);
        }
        return x[0][0];
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public float fused() {
        for (int q = 0; q < QUADRUPLES; q++) {
            int i = 4 * q;
            butterfly(x[i], x[i + 1], x[i + 2], x[i + 3]);
        }
        return x[0][0];
    }

    private static void compareExchange(float[] a, float[] b) {
        for (int c = 0; c < LEN; c++) {
            float u = a[c];
            float v = b[c];
            a[c] = Math.min(u, v);
            b[c] = Math.max(u, v);
        }
    }

    private static void butterfly(float[] a, float[] b, float[] e, float[] f) {
        for (int c = 0; c < LEN; c++) {
            float x0 = a[c];
            float x1 = b[c];
            float x2 = e[c];
            float x3 = f[c];
            float y0 = Math.min(x0, x2);
            float y2 = Math.max(x0, x2);
            float y1 = Math.min(x1, x3);
            float y3 = Math.max(x1, x3);
            a[c] = Math.min(y0, y1);
            b[c] = Math.max(y0, y1);
            e[c] = Math.min(y2, y3);
            f[c] = Math.max(y2, y3);
        }
    }
}
