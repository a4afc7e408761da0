package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CoordinateMedianTest {

    @Test
    void oddRoundTakesTheMiddleValueOfEachCoordinate() {
        // coordinate 0: {1, 2, 100} -> 2; coordinate 1: {10, 20, -7} -> 10; coordinate 2: {-3, 5,
        // 0} -> 0
        float[][] x = {{1, 10, -3}, {2, 20, 5}, {100, -7, 0}};
        assertThat(new CoordinateMedian(1).aggregate(x, null)).containsExactly(2f, 10f, 0f);
    }

    @Test
    void evenRoundAveragesTheTwoMiddleValues() {
        // coordinate 0: {1, 2, 4, 100} -> (2+4)/2 = 3; coordinate 1: {-1, -1, 7, 8} -> (-1+7)/2 = 3
        float[][] x = {{4, 8}, {100, -1}, {1, 7}, {2, -1}};
        assertThat(new CoordinateMedian(1).aggregate(x, new double[] {1, 1, 1, 1}))
                .containsExactly(3f, 3f);
    }

    @Test
    void matchesSortingEachCoordinateForManyRoundSizes() {
        Random rnd = new Random(21);
        for (int n = 1; n <= 40; n++) {
            // d = 9000 spans several coordinate blocks; other sizes keep the test fast
            float[][] x = Fixtures.gaussian(rnd, n, n % 10 == 5 ? 9000 : 200, 0, 1);
            assertThat(new CoordinateMedian(0).aggregate(x, null))
                    .as("n=%d", n)
                    .containsExactly(Fixtures.naiveMedian(x));
        }
    }

    @Test
    void upToFArbitraryOutliersKeepEachCoordinateBetweenHonestValues() {
        Random rnd = new Random(22);
        for (int f = 1; f <= 6; f++) {
            int n = 2 * f + 1 + rnd.nextInt(4);
            float[][] x = Fixtures.gaussian(rnd, n, 300, 0, 1);
            float[][] honest = new float[n - f][];
            System.arraycopy(x, f, honest, 0, n - f);
            for (int a = 0; a < f; a++) {
                for (int c = 0; c < x[a].length; c++) {
                    x[a][c] = rnd.nextBoolean() ? 1e30f : -3e9f * rnd.nextFloat();
                }
            }
            float[] out = new CoordinateMedian(f).aggregate(x, null);
            for (int c = 0; c < out.length; c++) {
                double[] col = Fixtures.column(honest, c);
                assertThat((double) out[c]).isBetween(col[0], col[col.length - 1]);
            }
        }
    }

    @Test
    void refusesARoundSmallerThan2fPlus1() {
        assertThatThrownBy(() -> new CoordinateMedian(2).aggregate(new float[4][3], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("median needs n >= 2f+1: n=4, f=2 (at least 5 updates)");
    }

    @Test
    void rejectsUpdatesOfDifferentLengths() {
        assertThatThrownBy(
                        () -> new CoordinateMedian(0).aggregate(new float[][] {{1, 2}, {3}}, null))
                .hasMessage("update 1 has length 1 vs 2");
    }

    @Test
    void twoThreadsGiveTheSameMedianAsOneAndAsTheNaiveOne() {
        // d = 10,001 at n = 101: several 2048-coordinate blocks, split unevenly between threads.
        float[][] x = Fixtures.gaussian(new Random(31), 101, 10_001, 0, 1);
        float[] two = new CoordinateMedian(10, 2).aggregate(x, null);
        assertThat(two).containsExactly(new CoordinateMedian(10).aggregate(x, null));
        assertThat(two).containsExactly(Fixtures.naiveMedian(x));
    }
}
