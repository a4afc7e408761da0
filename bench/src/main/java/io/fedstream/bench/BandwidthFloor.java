package io.fedstream.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bandwidth floor: one read of a 256 MiB float array (8× the 32 MiB L3), summed with
 * eight independent accumulators so the adds keep up with memory. Bandwidth = 256 MiB / time; a
 * rule's floor is n·d·4 bytes at that bandwidth, the time it takes just to read its input once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class BandwidthFloor {
    /** Bytes read per operation; the ratio script reads it from here. */
    public static final long BYTES = 256L << 20;

    private float[] data;

    @Setup
    public void setUp() {
        data = new float[(int) (BYTES / 4)];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextDouble();
        }
    }

    /** Uses {@code data} instead of the array {@link #setUp} fills (for {@link CpuTimeTable}). */
    void useData(float[] data) {
        this.data = data;
    }

    @Benchmark
    public double sumFloats() {
        float[] a = data;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int i = 0; i + 7 < a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
