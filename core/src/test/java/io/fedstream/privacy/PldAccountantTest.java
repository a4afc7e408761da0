package io.fedstream.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PldAccountantTest {
    private static final double DELTA = 1e-5;
    private static final double H = 1e-3;

    /** Φ by Simpson integration of the density, independent of LogMath. */
    private static double phi(double x) {
        return ReferenceNormal.cdf(x);
    }

    /** Exact ε of a Gaussian mechanism with Δ/σ = mu (Balle and Wang 2018, Thm 8), bisection. */
    private static double exactGaussian(double mu) {
        double lo = 0;
        double hi = 100;
        for (int i = 0; i < 200; i++) {
            double eps = (lo + hi) / 2;
            double d = phi(mu / 2 - eps / mu) - Math.exp(eps) * phi(-mu / 2 - eps / mu);
            if (d > DELTA) {
                lo = eps;
            } else {
                hi = eps;
            }
        }
        return hi;
    }

    @ParameterizedTest(name = "sigma {0}, {1} steps")
    @CsvSource({"2.0, 1", "2.0, 10", "1.0, 4", "5.0, 20"})
    void withoutSamplingMatchesTheExactGaussianFromAbove(double sigma, int steps) {
        // q = 1: k Gaussian steps compose to one Gaussian with Δ/σ = √k/σ; the PLD is exact up to
        // the pessimistic grid, which may add at most k·h.
        double exact = exactGaussian(Math.sqrt(steps) / sigma);
        double pld = PldAccountant.epsilon(1.0, sigma, steps, DELTA, H);
        assertThat(pld).isGreaterThanOrEqualTo(exact - 1e-6).isLessThanOrEqualTo(exact + steps * H);
    }

    @ParameterizedTest(name = "q {0}, sigma {1}, {2} steps")
    @CsvSource({"0.05, 1.628, 30", "0.05, 1.1523, 30", "0.04, 1.5, 50", "0.01, 1.0, 40"})
    void isTighterThanRdpOnTheSameMechanism(double q, double sigma, int steps) {
        double rdp = RdpAccountant.epsilon(q, sigma, steps, DELTA);
        double pld = PldAccountant.epsilon(q, sigma, steps, DELTA, H);
        assertThat(pld).isLessThanOrEqualTo(rdp).isPositive();
        // and consistent: the δ at the reported ε is within the target
        assertThat(PldAccountant.delta(q, sigma, steps, pld, H)).isLessThanOrEqualTo(DELTA);
    }

    @ParameterizedTest(name = "q {0}, sigma {1}, h {2}")
    @CsvSource({"0.05, 1.628, 1e-3", "0.05, 0.6315, 1e-4", "0.3, 2.0, 1e-3", "1.0, 1.0, 1e-3"})
    void oneStepDistributionKeepsAllItsMassInBothDirections(double q, double sigma, double h) {
        for (boolean remove : new boolean[] {true, false}) {
            PldAccountant.Composed one = PldAccountant.Composed.single(q, sigma, h, remove);
            double total = one.infinity();
            for (double p : one.pmf()) {
                assertThat(p).isNotNegative();
                total += p;
            }
            assertThat(total).as("remove %s", remove).isCloseTo(1.0, within(1e-9));
            assertThat(one.infinity()).isLessThan(1e-12);
        }
    }

    @Test
    void moreStepsOrLessNoiseCostMore() {
        double base = PldAccountant.epsilon(0.05, 1.5, 10, DELTA, H);
        assertThat(PldAccountant.epsilon(0.05, 1.5, 20, DELTA, H)).isGreaterThan(base);
        assertThat(PldAccountant.epsilon(0.05, 1.0, 10, DELTA, H)).isGreaterThan(base);
        assertThat(PldAccountant.epsilon(0.10, 1.5, 10, DELTA, H)).isGreaterThan(base);
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> PldAccountant.epsilon(0, 1, 1, DELTA, H))
                .hasMessageContaining("need 0 < q <= 1");
        assertThatThrownBy(() -> PldAccountant.epsilon(0.1, 1, 1, 2, H))
                .hasMessage("delta 2.0 must be in (0, 1)");
    }
}
