package io.fedstream.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RdpAccountantTest {

    @Test
    void reproducesPublishedEpsilons() {
        // Published values of the RDP accountant with the Balle et al. (2020) conversion.
        assertThat(RdpAccountant.epsilon(0.0025, 1.3, 6000, 1e-5))
                .isCloseTo(0.72422, within(0.72422e-3));
        assertThat(RdpAccountant.epsilon(0.04, 1.5, 2250, 1e-5))
                .isCloseTo(7.32911, within(7.32911e-3));
    }

    @Test
    void withoutSubsamplingRdpIsTheGaussianClosedForm() {
        // Gaussian mechanism, sensitivity 1: RDP(alpha) = alpha / (2 sigma^2).
        assertThat(RdpAccountant.rdp(1.0, 2.0, 8)).isEqualTo(8 / 8.0);
        assertThat(RdpAccountant.rdp(1.0, 0.5, 1.5)).isEqualTo(1.5 / 0.5);
    }

    /**
     * A_alpha = E_{z ~ N(0, s^2)} [((1 - q) + q exp((2z - 1) / (2 s^2)))^alpha], integrated
     * numerically with the trapezoid rule: independent of the binomial and erfc series under test.
     */
    private static double rdpByQuadrature(double q, double s, double alpha) {
        double lo = -30 * s;
        double hi = 30 * s + 1;
        int n = 400_000;
        double h = (hi - lo) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double z = lo + i * h;
            double density = Math.exp(-z * z / (2 * s * s)) / (s * Math.sqrt(2 * Math.PI));
            double ratio = (1 - q) + q * Math.exp((2 * z - 1) / (2 * s * s));
            double f = density * Math.pow(ratio, alpha);
            sum += (i == 0 || i == n) ? f / 2 : f;
        }
        return Math.log(sum * h) / (alpha - 1);
    }

    @Test
    void integerAndFractionalOrdersMatchNumericalIntegration() {
        double[][] cases = {
            {0.01, 1.0, 2.5}, {0.05, 1.3, 7.3}, {0.1, 2.0, 5}, {0.02, 0.8, 1.5}, {0.3, 1.1, 12}
        };
        for (double[] c : cases) {
            double expected = rdpByQuadrature(c[0], c[1], c[2]);
            assertThat(RdpAccountant.rdp(c[0], c[1], c[2]))
                    .as("q=%s sigma=%s alpha=%s", c[0], c[1], c[2])
                    .isCloseTo(expected, within(1e-6 * Math.max(1e-3, Math.abs(expected))));
        }
    }

    @Test
    void epsilonGrowsWithStepsAndFallsWithNoise() {
        double e100 = RdpAccountant.epsilon(0.05, 1.0, 100, 1e-5);
        double e200 = RdpAccountant.epsilon(0.05, 1.0, 200, 1e-5);
        double quieter = RdpAccountant.epsilon(0.05, 2.0, 200, 1e-5);
        assertThat(e200).isGreaterThan(e100);
        assertThat(quieter).isLessThan(e200);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> RdpAccountant.rdp(0, 1, 2))
                .hasMessageContaining("need 0 < q <= 1");
        assertThatThrownBy(
                        () -> RdpAccountant.epsilon(new double[RdpAccountant.ORDERS.length], 1.5))
                .hasMessage("delta 1.5 must be in (0, 1)");
    }
}
