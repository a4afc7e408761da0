package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GeometricMedianTest {

    @Test
    void symmetricPointsGiveTheCentre() {
        // corners of a square around (5, -2) and two far points placed symmetrically
        float[][] x = {{6, -1}, {4, -1}, {6, -3}, {4, -3}, {105, -2}, {-95, -2}};
        assertThat(new GeometricMedian(2).aggregate(x, null))
                .containsExactly(new float[] {5f, -2f}, within(1e-5f));
    }

    @Test
    void inOneDimensionItIsTheMedianNotTheMean() {
        // {0, 1, 10}: the mean is 3.67, the geometric median (sum of |v - x_i| minimal) is 1
        float[][] x = {{0}, {1}, {10}};
        GeometricMedian rule = new GeometricMedian(1, 1e-9, 500, 0);
        assertThat(rule.aggregate(x, null)[0]).isCloseTo(1f, within(1e-3f));
    }

    @Test
    void weightsCountAsMultiplicity() {
        // weight 3 on 0 and 1 on each of {1, 10}: like {0,0,0,1,10}, whose median is 0
        float[][] x = {{0}, {1}, {10}};
        GeometricMedian rule = new GeometricMedian(1, 1e-9, 500, 0);
        assertThat(rule.aggregate(x, new double[] {3, 1, 1})[0]).isCloseTo(0f, within(1e-3f));
    }

    @Test
    void farOutliersBarelyMoveIt() {
        Random rnd = new Random(71);
        int f = 4;
        float[][] x = Fixtures.gaussian(rnd, 2 * f + 5, 200, 0, 1);
        for (int a = 0; a < f; a++) {
            java.util.Arrays.fill(x[a], 1e6f);
        }
        float[] out = new GeometricMedian(f, 1e-6, 100, 1e-9).aggregate(x, null);
        double sq = 0;
        for (float v : out) {
            sq += v * v;
        }
        // the 9 honest points have norm ~sqrt(200) = 14; the 4 attackers sit at 1.4e7
        assertThat(Math.sqrt(sq)).isLessThan(20);
    }

    @Test
    void refusesARoundSmallerThan2fPlus1() {
        assertThatThrownBy(() -> new GeometricMedian(3).aggregate(new float[6][2], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("geomed needs n >= 2f+1: n=6, f=3 (at least 7 updates)");
    }
}
