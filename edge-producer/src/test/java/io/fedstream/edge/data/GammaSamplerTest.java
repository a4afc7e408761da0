package io.fedstream.edge.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GammaSamplerTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 1.0, 2.5, 10.0})
    void meanAndVarianceEqualShape(double alpha) {
        Random rng = new Random(2024);
        int n = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double g = GammaSampler.gamma(alpha, rng);
            sum += g;
            sumSq += g * g;
        }
        double mean = sum / n;
        double variance = sumSq / n - mean * mean;
        // Standard errors at n = 200,000: mean <= 0.8% of alpha, variance <= 2% of alpha.
        assertThat(mean).isCloseTo(alpha, within(0.03 * alpha));
        assertThat(variance).isCloseTo(alpha, within(0.08 * alpha));
    }

    @Test
    void shapeTwoMatchesItsClosedFormTail() {
        // P(Gamma(2, 1) > 1) = 2 / e.
        Random rng = new Random(5);
        int n = 200_000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (GammaSampler.gamma(2.0, rng) > 1.0) {
                above++;
            }
        }
        assertThat((double) above / n).isCloseTo(2 / Math.E, within(0.005));
    }

    @Test
    void dirichletComponentsSumToOneWithMeanOneOverK() {
        Random rng = new Random(3);
        int k = 5;
        double[] mean = new double[k];
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            double[] p = GammaSampler.dirichlet(0.3, k, rng);
            assertThat(Arrays.stream(p).min().getAsDouble()).isGreaterThanOrEqualTo(0.0);
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += p[j];
                mean[j] += p[j] / n;
            }
            assertThat(s).isCloseTo(1.0, within(1e-12));
        }
        for (double m : mean) {
            assertThat(m).isCloseTo(0.2, within(0.01));
        }
    }

    @Test
    void tinyShapeGivesOneHotLikeVectorsNotNaN() {
        Random rng = new Random(4);
        for (int i = 0; i < 1000; i++) {
            double[] p = GammaSampler.dirichlet(0.001, 10, rng);
            double max = 0;
            for (double v : p) {
                assertThat(v).isNotNaN();
                max = Math.max(max, v);
            }
            assertThat(max).isGreaterThan(0.5);
        }
    }

    @Test
    void rejectsNonPositiveShape() {
        assertThatThrownBy(() -> GammaSampler.gamma(0.0, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gamma shape 0.0: expected 0 < alpha < inf");
    }

    @Test
    void gammaOfShapeOneIsExponential() {
        Random rng = new Random(1);
        int n = 200_000;
        int above = 0;
        for (int i = 0; i < n; i++) {
            if (GammaSampler.gamma(1.0, rng) > 1.0) {
                above++;
            }
        }
        // P(Exp(1) > 1) = 1/e; the binomial standard error is 0.0011.
        assertThat((double) above / n).isBetween(Math.exp(-1) - 0.005, Math.exp(-1) + 0.005);
    }
}
