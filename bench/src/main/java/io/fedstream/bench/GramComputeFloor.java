package io.fedstream.bench;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasLower;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_ssyrk;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * The compute floor of an exact Gram matrix (Krum, Multi-Krum, Bulyan): the n(n+1)/2·d float
 * multiply-adds alone, as OpenBLAS {@code ssyrk} does them on every core, on data already centred
 * and packed in native memory (one buffer per core, reused for every block of coordinates). No rule
 * can compute exact pairwise distances faster with this library on this machine; the rules' own
 * time adds centring, copying and selection to it. The ratio script reports the Krum family as a
 * multiple of this floor next to the memory-bandwidth one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class GramComputeFloor {
    /** Same shapes as {@link RuleBenchmark}. */
    @Param({"10x101770", "100x101770", "1000x101770", "100x1000000"})
    public String shape;

    private int n;
    private int d;
    private int block;
    private int threads;
    private FloatPointer[] a;
    private FloatPointer[] c;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        Loader.load(openblas_nolapack.class);
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(1);
        String[] nd = shape.split("x");
        n = Integer.parseInt(nd[0]);
        d = Integer.parseInt(nd[1]);
        // The block the job's BLAS kernel uses: about 2^21 floats, 2048 to 8192 coordinates.
        block = Math.max(2048, Math.min(8192, Integer.highestOneBit((1 << 21) / n)));
        threads = Runtime.getRuntime().availableProcessors();
        a = new FloatPointer[threads];
        c = new FloatPointer[threads];
        SplittableRandom rnd = new SplittableRandom(7);
        float[] row = new float[block];
        for (int t = 0; t < threads; t++) {
            a[t] = new FloatPointer((long) n * block);
            c[t] = new FloatPointer((long) n * n);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < block; k++) {
                    row[k] = (float) (rnd.nextDouble() - 0.5);
                }
                a[t].asBuffer().put(i * block, row, 0, block);
            }
        }
        pool = Executors.newFixedThreadPool(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
        for (int t = 0; t < threads; t++) {
            a[t].close();
            c[t].close();
        }
    }

    /** Every core runs ssyrk over its share of the d coordinates, block by block. */
    @Benchmark
    public float gram() throws Exception {
        @SuppressWarnings("unchecked")
        Future<Float>[] parts = new Future[threads];
        for (int t = 0; t < threads; t++) {
            int part = t;
            int from = (int) ((long) d * t / threads);
            int to = (int) ((long) d * (t + 1) / threads);
            parts[t] = pool.submit(() -> syrk(part, to - from));
        }
        float s = 0;
        for (Future<Float> p : parts) {
            s += p.get();
        }
        return s;
    }

    private float syrk(int t, int coordinates) {
        for (int b0 = 0; b0 < coordinates; b0 += block) {
            int len = Math.min(block, coordinates - b0);
            cblas_ssyrk(
                    CblasRowMajor, CblasLower, CblasNoTrans, n, len, 1f, a[t], block, 0f, c[t], n);
        }
        return c[t].get(0);
    }
}
