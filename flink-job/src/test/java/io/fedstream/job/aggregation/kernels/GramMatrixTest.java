package io.fedstream.job.aggregation.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.aggregation.rules.Fixtures;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GramMatrixTest {

    @Test
    void distancesOfAHandWorkedTriangle() {
        // (0,0), (3,4), (6,8): |p0-p1|^2 = 9+16 = 25, |p1-p2|^2 = 25, |p0-p2|^2 = 36+64 = 100
        float[][] x = {{0, 0}, {3, 4}, {6, 8}};
        double[] d = GramMatrix.pairwiseSquaredDistances(x);
        assertThat(d)
                .containsExactly(new double[] {0, 25, 100, 25, 0, 25, 100, 25, 0}, within(1e-9));
    }

    @Test
    void gramDistancesEqualNaiveDistancesAcrossBlocksAndTiles() {
        Random rnd = new Random(11);
        // n=150 spans two column tiles; d=9000 spans several coordinate blocks. A common offset of
        // 50 is the shared component FL updates have; centring must keep distances accurate.
        for (int[] nd : new int[][] {{7, 9000}, {150, 700}, {2, 5}}) {
            int n = nd[0];
            float[][] x = Fixtures.gaussian(rnd, n, nd[1], 50, 1);
            double[] d = GramMatrix.pairwiseSquaredDistances(x);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double naive = Fixtures.naiveSquaredDistance(x[i], x[j]);
                    assertThat(d[i * n + j])
                            .as("n=%d i=%d j=%d", n, i, j)
                            .isCloseTo(naive, within(1e-5 * naive + 1e-9));
                }
            }
        }
    }

    @Test
    void partialGramMatricesOverRangesSumToTheFullOne() {
        Random rnd = new Random(12);
        int n = 9;
        int d = 10_000;
        float[][] x = Fixtures.gaussian(rnd, n, d, 0, 1);
        double[] full = GramMatrix.gram(x);
        int[] cuts = {0, 1234, 5000, 5001, d};
        double[] sum = new double[n * n];
        for (int s = 0; s + 1 < cuts.length; s++) {
            double[] part = GramMatrix.partialGram(x, cuts[s], cuts[s + 1]);
            for (int q = 0; q < sum.length; q++) {
                sum[q] += part[q];
            }
        }
        for (int q = 0; q < sum.length; q++) {
            assertThat(sum[q]).isCloseTo(full[q], within(1e-6 * Math.abs(full[q]) + 1e-6));
        }
    }

    @Test
    void partialGramIsTheCentredInnerProductOfTheRange() {
        // Coordinates [1,3) of (1,2,4), (9,4,0): mean (3,2); centred (-1,2), (1,-2).
        // G = [[1+4, -1-4], [-5, 1+4]] = [[5, -5], [-5, 5]]
        // (The Java kernel; the BLAS kernel shifts by another reference, see GramKernelTest.)
        float[][] x = {{1, 2, 4}, {9, 4, 0}};
        assertThat(GramMatrix.partialGram(x, 1, 3, GramKernel.JAVA))
                .containsExactly(new double[] {5, -5, -5, 5}, within(1e-9));
    }

    @Test
    void threadedGramEqualsTheSingleThreadedOneAndTheNaiveDistances() {
        Random rnd = new Random(13);
        // d = 3000 spans several 512-coordinate super-blocks, so three threads get ranges.
        int n = 11;
        float[][] x = Fixtures.gaussian(rnd, n, 3000, 20, 1);
        double[] one = GramMatrix.gram(x, GramKernel.JAVA); // the threaded form is the Java kernel
        double[] three = GramMatrix.gram(x, 3);
        double[] dist = GramMatrix.squaredDistances(three, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int q = i * n + j;
                assertThat(three[q]).isCloseTo(one[q], within(1e-6 * Math.abs(one[q]) + 1e-6));
                double naive = Fixtures.naiveSquaredDistance(x[i], x[j]);
                assertThat(dist[q]).isCloseTo(naive, within(1e-5 * naive + 1e-9));
            }
        }
    }

    @Test
    void rejectsZeroThreads() {
        assertThatThrownBy(() -> GramMatrix.gram(new float[][] {{1, 2}}, 0))
                .hasMessage("threads 0 must be >= 1");
    }

    @Test
    void rejectsABadRange() {
        assertThatThrownBy(() -> GramMatrix.partialGram(new float[][] {{1, 2}}, 1, 3))
                .hasMessage("range [1, 3) vs vector length 2");
    }
}
