package io.fedstream.job.aggregation.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.Fixtures;
import io.fedstream.job.aggregation.rules.Krum;
import io.fedstream.job.aggregation.rules.MultiKrum;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GramKernelTest {

    @Test
    void blasKernelLoadsAndIsTheDefaultOnLinuxX86() {
        // The job ships OpenBLAS for linux-x86_64; if it stops loading, the rules silently fall
        // back to the 10x slower Java kernel, so the build should notice.
        assertThat(GramKernel.BLAS.isAvailable()).isTrue();
        assertThat(GramKernel.fastest()).isEqualTo(GramKernel.BLAS);
    }

    @Test
    void blasLoadsAgainInASecondClassLoaderOfTheSameJvm() throws Exception {
        // A job submitted again to the same task manager gets a new user-code class loader, and a
        // JNI library can be bound to one class loader only; JavaCPP's Loader copes with that,
        // so the second job does not fall back to the Java kernel.
        List<URL> urls = new ArrayList<>();
        for (String path : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(path).toUri().toURL());
        }
        List<Object> kernels = new ArrayList<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            for (int k = 0; k < 2; k++) {
                URLClassLoader loader =
                        new URLClassLoader(
                                urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
                loaders.add(loader);
                Class<?> kernel = Class.forName(GramKernel.class.getName(), true, loader);
                assertThat(kernel).isNotSameAs(GramKernel.class);
                kernels.add(kernel.getMethod("fastest").invoke(null).toString());
            }
        } finally {
            for (URLClassLoader loader : loaders) {
                loader.close();
            }
        }
        assertThat(kernels).containsExactly("BLAS", "BLAS");
    }

    @Test
    void blasGramOfAHandWorkedCase() {
        // Coordinates [1,3) of (1,2,4), (9,4,0), (2,3,2): the median of the three (the BLAS
        // reference) is (3,2), here also the mean; shifted (-1,2), (1,-2), (0,0).
        float[][] x = {{1, 2, 4}, {9, 4, 0}, {2, 3, 2}};
        assertThat(GramMatrix.partialGram(x, 1, 3, GramKernel.BLAS))
                .containsExactly(new double[] {5, -5, 0, -5, 5, 0, 0, 0, 0}, within(1e-6));
        // (0,0), (3,4), (6,8): squared distances 25, 25 and 100.
        float[][] p = {{0, 0}, {3, 4}, {6, 8}};
        assertThat(GramMatrix.pairwiseSquaredDistances(p, GramKernel.BLAS))
                .containsExactly(new double[] {0, 25, 100, 25, 0, 25, 100, 25, 0}, within(1e-5));
    }

    @Test
    void blasShiftsByTheMedianOfThreeUpdates() {
        // n = 2: rows 0, 1 and 1, so the reference is update 1, (4, 0) on coordinates [1,3);
        // shifted (-2, 4) and (0, 0): G = [[20, 0], [0, 0]], squared distance 4 + 16 = 20.
        float[][] x = {{1, 2, 4}, {9, 4, 0}};
        assertThat(GramMatrix.partialGram(x, 1, 3, GramKernel.BLAS))
                .containsExactly(new double[] {20, 0, 0, 0}, within(1e-6));
        // n = 4: rows 0, 2 and 3; update 1 (far off) is not among them. Median of (0, 5, 7) = 5:
        // shifted -5, 995, 0, 2, and G_ij is their product.
        float[][] y = {{0}, {1000}, {5}, {7}};
        double[] g = GramMatrix.gram(y, GramKernel.BLAS);
        double[] shifted = {-5, 995, 0, 2};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertThat(g[i * 4 + j]).isCloseTo(shifted[i] * shifted[j], within(1e-3));
            }
        }
    }

    @Test
    void blasDistancesEqualJavaDistancesAcrossBlocks() {
        Random rnd = new Random(21);
        // d = 20,000 is two full 8192-coordinate BLAS blocks and a partial one at n = 150 (three
        // 2048-blocks and more at n = 1100); an offset of 50 is the common component. The two
        // kernels shift by different references (median of three, mean), so their matrices
        // differ and their distances must not. Tolerance: 4e-5 of G_ii + G_jj of the BLAS matrix,
        // which bounds |D_ij| and the rounding of the three entries D_ij is made of: the BLAS
        // kernel sums up to 8192 float products per block, the Java one 512.
        for (int[] nd : new int[][] {{150, 20_000}, {1100, 5000}, {4, 3}}) {
            int n = nd[0];
            float[][] x = Fixtures.gaussian(rnd, n, nd[1], 50, 1);
            double[] g = GramMatrix.gram(x, GramKernel.BLAS);
            double[] blas = GramMatrix.squaredDistances(g, n);
            double[] java = GramMatrix.pairwiseSquaredDistances(x, GramKernel.JAVA);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double scale = g[i * n + i] + g[j * n + j];
                    assertThat(blas[i * n + j])
                            .as("n=%d i=%d j=%d", n, i, j)
                            .isCloseTo(java[i * n + j], within(4e-5 * scale + 1e-6));
                }
            }
        }
    }

    @Test
    void blasPartialGramsOverRangesSumToTheWholeBlasGram() {
        Random rnd = new Random(22);
        int n = 9;
        int d = 30_000;
        float[][] x = Fixtures.gaussian(rnd, n, d, 0, 1);
        double[] full = GramMatrix.gram(x, GramKernel.BLAS);
        int[] cuts = {0, 1234, 17_000, 17_001, d};
        double[] sum = new double[n * n];
        for (int s = 0; s + 1 < cuts.length; s++) {
            double[] part = GramMatrix.partialGram(x, cuts[s], cuts[s + 1], GramKernel.BLAS);
            for (int q = 0; q < sum.length; q++) {
                sum[q] += part[q];
            }
        }
        for (int q = 0; q < sum.length; q++) {
            assertThat(sum[q]).isCloseTo(full[q], within(2e-5 * Math.abs(full[q]) + 1e-3));
        }
    }

    @Test
    void blasGramsComputedAtTheSameTimeOnSeveralThreadsEqualSequentialOnes() throws Exception {
        // Several shard subtasks of one TaskManager may compute Gram matrices at once; each call
        // runs its parts on its own threads and OpenBLAS on the callers' threads, with no lock.
        // Expected: the same matrices computed one call at a time.
        Random rnd = new Random(24);
        int callers = 4;
        float[][][] xs = new float[callers][][];
        double[][] expected = new double[callers][];
        for (int t = 0; t < callers; t++) {
            xs[t] = Fixtures.gaussian(rnd, 30 + 7 * t, 9000 + 1000 * t, t, 1);
            expected[t] = GramMatrix.gram(xs[t], GramKernel.BLAS);
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<double[]>> got = new ArrayList<>();
            for (int rep = 0; rep < 5; rep++) {
                for (int t = 0; t < callers; t++) {
                    float[][] x = xs[t];
                    got.add(pool.submit(() -> GramMatrix.gram(x, GramKernel.BLAS)));
                }
            }
            for (int q = 0; q < got.size(); q++) {
                int t = q % callers;
                int n = xs[t].length;
                double[] g = got.get(q).get();
                double[] e = expected[t];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double scale = Math.sqrt(e[i * n + i] * e[j * n + j]);
                        assertThat(g[i * n + j])
                                .as("caller %d, i=%d j=%d", t, i, j)
                                .isCloseTo(e[i * n + j], within(2e-5 * scale + 1e-6));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void krumFamilySelectsTheSameUpdatesWithEitherKernel() {
        Random rnd = new Random(23);
        int n = 43;
        int f = 10;
        float[][] x = Fixtures.gaussian(rnd, n, 12_000, 5, 1);
        for (int k = 0; k < f; k++) {
            for (int c = 0; c < x[k].length; c++) {
                x[k][c] += 3; // shifted attackers
            }
        }
        assertThat(new Krum(f, GramKernel.BLAS).aggregate(x, null))
                .containsExactly(new Krum(f, GramKernel.JAVA).aggregate(x, null));
        assertThat(new MultiKrum(f, n - f, GramKernel.BLAS).aggregate(x, null))
                .containsExactly(new MultiKrum(f, n - f, GramKernel.JAVA).aggregate(x, null));
        assertThat(new Bulyan(f, GramKernel.BLAS).aggregate(x, null))
                .containsExactly(new Bulyan(f, GramKernel.JAVA).aggregate(x, null));
    }
}
