package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CenteredClippingTest {
    static final float[][] X = {{3, 4}, {0, 0.5f}};

    @Test
    void oneIterationFromZeroClipsTheFarUpdate() {
        // tau = 1, centre 0: (3,4) has norm 5 -> (0.6, 0.8); (0, 0.5) has norm 0.5 -> kept.
        // v = ((0.6, 0.8) + (0, 0.5)) / 2 = (0.3, 0.65)
        assertThat(new CenteredClipping(1, 1).aggregate(X, null))
                .containsExactly(new float[] {0.3f, 0.65f}, within(1e-6f));
    }

    @Test
    void secondIterationStartsFromTheFirst() {
        // From v = (0.3, 0.65): x1 - v = (2.7, 3.35), norm sqrt(7.29 + 11.2225) = 4.302615;
        // clipped to (0.627526, 0.778596). x2 - v = (-0.3, -0.15), norm 0.335 <= 1, kept.
        // v = (0.3 + (0.627526 - 0.3)/2, 0.65 + (0.778596 - 0.15)/2) = (0.463763, 0.964298)
        assertThat(new CenteredClipping(1, 2).aggregate(X, null))
                .containsExactly(new float[] {0.463763f, 0.964298f}, within(1e-5f));
    }

    @Test
    void centresOnThePreviousAggregate() {
        // centre (3,4): x1 - v = 0; x2 - v = (-3, -3.5), norm 4.609772 -> (-0.650791, -0.759257)
        // v = (3 - 0.650791/2, 4 - 0.759257/2) = (2.674604, 3.620371)
        assertThat(new CenteredClipping(1, 1).aggregate(X, null, new float[] {3, 4}))
                .containsExactly(new float[] {2.674604f, 3.620371f}, within(1e-5f));
    }

    @Test
    void infiniteTauIsTheMeanWhateverTheCentre() {
        Random rnd = new Random(61);
        float[][] x = Fixtures.gaussian(rnd, 9, 3000, 2, 5);
        float[] mean = Fixtures.mean(x, Fixtures.all(9));
        float[] centre = Fixtures.gaussian(rnd, 1, 3000, -4, 3)[0];
        CenteredClipping rule = new CenteredClipping(Double.POSITIVE_INFINITY, 3);
        assertThat(rule.aggregate(x, null, centre)).containsExactly(mean, within(1e-4f));
        assertThat(rule.aggregate(x, null)).containsExactly(mean, within(1e-4f));
    }

    @Test
    void oneUpdateMovesTheResultByAtMostTauOverN() {
        float[][] x = {{0, 0}, {0, 0}, {0, 0}, {1e9f, -1e9f}};
        float[] out = new CenteredClipping(2, 1).aggregate(x, null);
        assertThat(Math.hypot(out[0], out[1])).isCloseTo(0.5, within(1e-6));
    }

    @Test
    void rejectsAnEmptyRoundAndAWrongCentre() {
        assertThatThrownBy(() -> new CenteredClipping(1, 1).aggregate(new float[0][], null))
                .isInstanceOf(RoundTooSmallException.class)
                .hasMessage("centered-clipping needs n >= 1: n=0, tau=1.0 (at least 1 updates)");
        assertThatThrownBy(() -> new CenteredClipping(1, 1).aggregate(X, null, new float[3]))
                .hasMessage("previous aggregate length 3 vs 2");
    }
}
