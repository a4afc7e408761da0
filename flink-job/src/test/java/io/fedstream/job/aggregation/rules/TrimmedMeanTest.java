package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrimmedMeanTest {

    @Test
    void dropsTheKLargestAndSmallestPerCoordinate() {
        // n = 5, beta = 0.2 -> k = ceil(1.0) = 1
        // coordinate 0: {1, 2, 3, 4, 100} -> mean(2, 3, 4) = 3
        // coordinate 1: {-50, 0, 0, 6, 9} -> mean(0, 0, 6) = 2
        float[][] x = {{100, 0}, {1, 9}, {3, -50}, {2, 6}, {4, 0}};
        assertThat(new TrimmedMean(0.2).aggregate(x, null)).containsExactly(3f, 2f);
    }

    @Test
    void roundsTheTrimCountUp() {
        // n = 7, beta = 0.2 -> beta*n = 1.4 -> k = 2: {0, 1, 2, 3, 4, 5, 6} -> mean(2, 3, 4) = 3
        float[][] x = {{6}, {0}, {5}, {1}, {4}, {2}, {3}};
        TrimmedMean rule = new TrimmedMean(0.2);
        assertThat(rule.trimmed(7)).isEqualTo(2);
        assertThat(rule.trimmed(10)).isEqualTo(2);
        assertThat(new TrimmedMean(0.1).trimmed(30)).isEqualTo(3);
        assertThat(rule.aggregate(x, null)).containsExactly(3f);
    }

    @Test
    void matchesSortingEachCoordinate() {
        Random rnd = new Random(31);
        for (int n = 3; n <= 40; n += 3) {
            float[][] x = Fixtures.gaussian(rnd, n, n % 9 == 3 ? 9000 : 200, 1, 2);
            TrimmedMean rule = new TrimmedMean(0.25);
            assertThat(rule.aggregate(x, null))
                    .as("n=%d", n)
                    .containsExactly(Fixtures.naiveTrimmedMean(x, rule.trimmed(n)), within(1e-6f));
        }
    }

    @Test
    void betaZeroIsThePlainMean() {
        float[][] x = {{1, 2}, {3, 4}, {8, 0}};
        // (1+3+8)/3 = 4, (2+4+0)/3 = 2
        assertThat(new TrimmedMean(0).aggregate(x, null)).containsExactly(4f, 2f);
    }

    @Test
    void upToKArbitraryOutliersKeepEachCoordinateBetweenHonestValues() {
        Random rnd = new Random(32);
        TrimmedMean rule = new TrimmedMean(0.3);
        for (int n = 4; n <= 30; n += 2) {
            int k = rule.trimmed(n);
            float[][] x = Fixtures.gaussian(rnd, n, 200, 0, 1);
            float[][] honest = new float[n - k][];
            System.arraycopy(x, k, honest, 0, n - k);
            for (int a = 0; a < k; a++) {
                for (int c = 0; c < x[a].length; c++) {
                    x[a][c] = rnd.nextBoolean() ? 3e30f : -1e20f;
                }
            }
            float[] out = rule.aggregate(x, null);
            for (int c = 0; c < out.length; c++) {
                double[] col = Fixtures.column(honest, c);
                assertThat((double) out[c]).isBetween(col[0] - 1e-6, col[col.length - 1] + 1e-6);
            }
        }
    }

    @Test
    void fallsBackToTheMedianWhenTheRoundIsTooSmallToTrim() {
        // beta = 0.4, n = 4: ceil(1.6) = 2 would trim all four values, so k = floor(3/2) = 1:
        // {1, 2, 8, 9} -> mean(2, 8) = 5, the median. n = 3: k = 1 -> {0, 5, 7} -> 5.
        TrimmedMean rule = new TrimmedMean(0.4);
        assertThat(rule.trimmed(4)).isEqualTo(1);
        assertThat(rule.aggregate(new float[][] {{9}, {1}, {8}, {2}}, null)).containsExactly(5f);
        assertThat(rule.aggregate(new float[][] {{7}, {0}, {5}}, null)).containsExactly(5f);
        assertThat(rule.minUpdates()).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyRoundAndABadBeta() {
        assertThatThrownBy(() -> new TrimmedMean(0.2).aggregate(new float[0][], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("trimmed-mean needs n >= 1: n=0, beta=0.2 (at least 1 updates)");
        assertThatThrownBy(() -> new TrimmedMean(0.5)).hasMessage("beta 0.5 must be in [0, 0.5)");
    }

    @Test
    void twoThreadsGiveTheSameTrimmedMeanAsOne() {
        float[][] x = Fixtures.gaussian(new Random(32), 100, 10_001, 0, 1);
        assertThat(new TrimmedMean(0.1, 2).aggregate(x, null))
                .containsExactly(new TrimmedMean(0.1).aggregate(x, null));
    }
}
