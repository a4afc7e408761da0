package io.fedstream.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

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
 * OpenBLAS {@code ssyrk} (one triangle) against {@code sgemm} (both, what ND4J's {@code gemm} and
 * {@code mmul} call) for C = A·Aᵀ, A n×k row-major and seeded uniform in [-0.5, 0.5), through the
 * JavaCPP preset on {@code threads} OpenBLAS threads, one call per iteration. The figure is useful
 * multiply-adds per second of the best call, n(n+1)/2·k / the JSON's minimum.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 8)
@State(Scope.Benchmark)
public class SyrkVsGemmBenchmark {
    @Param({"1000x4096", "100x8192"})
    public String shape;

    @Param({"ssyrk", "sgemm"})
    public String routine;

    @Param({"1", "2"})
    public int threads;

    private int n;
    private int k;
    private boolean syrk;
    private FloatPointer a;
    private FloatPointer c;

    @Setup(Level.Trial)
    public void setUp() {
        if (!routine.equals("ssyrk") && !routine.equals("sgemm")) {
            throw new IllegalArgumentException(
                    "routine '" + routine + "': expected ssyrk or sgemm");
        }
        syrk = routine.equals("ssyrk");
        Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(threads);
        int[] nk = SeededUpdates.shape(shape);
        n = nk[0];
        k = nk[1];
        float[] x = SeededUpdates.uniform(1, n * k, 1, -0.5)[0];
        a = new FloatPointer((long) n * k);
        a.put(x, 0, x.length);
        c = new FloatPointer((long) n * n);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        c.close();
    }

    @Benchmark
    public float product() {
        if (syrk) {
            cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, k, 1f, a, k, 0f, c, n);
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, k, 1f, a, k, a, k, 0f, c, n);
        }
        return c.get(n); // C[1][0], in the triangle both compute
    }
}
