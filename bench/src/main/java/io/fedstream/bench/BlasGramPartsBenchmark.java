package io.fedstream.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's share (half of d = 101,770) of the BLAS Gram kernel's loops, copied here, by part:
 * blocks of {@code block} coordinates, each shifted in chunks of {@code chunk} coordinates that
 * stay in L2, packed row-major into native memory and passed to a single-threaded OpenBLAS {@code
 * ssyrk}. n seeded updates uniform in [-0.5, 0.5); the figure is the best iteration (the JSON's
 * minimum).
 *
 * <p>{@code part}: "all" (mean, centre, pack, ssyrk); "mean+centre" (no pack, no ssyrk);
 * "centre+pack" (no mean, no ssyrk); "ssyrk" (alone, on packed data); "median3-all" (all, with the
 * median of rows 0, n/2 and n−1 as the reference instead of the mean).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms8g", "-Xmx8g"})
@Warmup(iterations = 2)
@Measurement(iterations = 20)
@State(Scope.Benchmark)
public class BlasGramPartsBenchmark {
    private static final int D = 101_770 / 2;

    @Param({"100"})
    public int n;

    @Param({"8192"})
    public int block;

    @Param({"1024"})
    public int chunk;

    @Param({"all", "mean+centre", "centre+pack", "ssyrk", "median3-all"})
    public String part;

    private float[][] x;
    private FloatPointer packed;
    private FloatPointer out;
    private FloatBuffer packedBuffer;
    private float[] reference;
    private float[] row;
    private boolean mean;
    private boolean median3;
    private boolean pack;
    private boolean centre;
    private boolean syrk;

    @Setup(Level.Trial)
    public void setUp() {
        Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        x = SeededUpdates.uniform(n, D, 1, -0.5);
        packed = new FloatPointer((long) n * block);
        out = new FloatPointer((long) n * n);
        packedBuffer = packed.asBuffer();
        reference = new float[chunk];
        row = new float[chunk];
        switch (part) {
            case "all":
                set(true, false, true, true, true);
                break;
            case "mean+centre":
                set(true, false, true, false, false);
                break;
            case "centre+pack":
                set(false, false, true, true, false);
                break;
            case "ssyrk":
                set(true, false, true, true, false);
                run(); // packs the data ssyrk then reads
                set(false, false, false, false, true);
                break;
            case "median3-all":
                set(false, true, true, true, true);
                break;
            default:
                throw new IllegalArgumentException(
                        "part '"
                                + part
                                + "': expected all, mean+centre, centre+pack, ssyrk or"
                                + " median3-all");
        }
    }

    private void set(boolean mean, boolean median3, boolean centre, boolean pack, boolean syrk) {
        this.mean = mean;
        this.median3 = median3;
        this.centre = centre;
        this.pack = pack;
        this.syrk = syrk;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packed.close();
        out.close();
    }

    @Benchmark
    public float run() {
        for (int b0 = 0; b0 < D; b0 += block) {
            int len = Math.min(block, D - b0);
            if (centre) {
                for (int c0 = b0; c0 < b0 + len; c0 += chunk) {
                    shiftAndPack(b0, c0, Math.min(chunk, b0 + len - c0), len);
                }
            }
            if (syrk) {
                cblas_ssyrk(
                        CblasRowMajor,
                        CblasLower,
                        CblasNoTrans,
                        n,
                        len,
                        1f,
                        packed,
                        len,
                        0f,
                        out,
                        n);
            }
        }
        return out.get(0);
    }

    private void shiftAndPack(int b0, int c0, int cl, int len) {
        if (median3) {
            float[] p0 = x[0];
            float[] p1 = x[n / 2];
            float[] p2 = x[n - 1];
            for (int k = 0; k < cl; k++) {
                float a0 = p0[c0 + k];
                float a1 = p1[c0 + k];
                float a2 = p2[c0 + k];
                reference[k] = Math.max(Math.min(a0, a1), Math.min(Math.max(a0, a1), a2));
            }
        } else if (mean) {
            Arrays.fill(reference, 0f);
            for (float[] v : x) {
                for (int k = 0; k < cl; k++) {
                    reference[k] += v[c0 + k];
                }
            }
            for (int k = 0; k < cl; k++) {
                reference[k] /= n;
            }
        }
        for (int i = 0; i < n; i++) {
            float[] v = x[i];
            for (int k = 0; k < cl; k++) {
                row[k] = v[c0 + k] - reference[k];
            }
            if (pack) {
                packedBuffer.put(i * len + (c0 - b0), row, 0, cl);
            }
        }
    }
}
