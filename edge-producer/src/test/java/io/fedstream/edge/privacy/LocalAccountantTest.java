package io.fedstream.edge.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.privacy.ReferenceNormal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalAccountantTest {
    private static final double DELTA = 1e-5;

    /**
     * Closed form: k releases of the Gaussian mechanism with sensitivity 2C and std zC have RDP
     * ε(α) = k·α·(2C)²/(2(zC)²) = 2kα/z²; converted to (ε, δ) with Balle et al. (2020) Thm 21,
     * minimised over a fine continuous grid of α (the accountant uses a coarser fixed grid).
     */
    private static double closedForm(double z, long k, double clip) {
        double best = Double.POSITIVE_INFINITY;
        for (double a = 1.001; a < 2000; a *= 1.0005) {
            double rdp = k * a * (2 * clip) * (2 * clip) / (2 * (z * clip) * (z * clip));
            double eps = rdp + Math.log((a - 1) / a) - (Math.log(DELTA) + Math.log(a)) / (a - 1);
            best = Math.min(best, eps);
        }
        return best;
    }

    /**
     * Exact ε of the Gaussian mechanism (Balle and Wang 2018, Thm 8) with Δ/σ = mu, by bisection.
     */
    private static double exactGaussian(double mu) {
        double lo = 0;
        double hi = 200;
        for (int i = 0; i < 200; i++) {
            double eps = (lo + hi) / 2;
            double delta =
                    ReferenceNormal.cdf(mu / 2 - eps / mu)
                            - Math.exp(eps) * ReferenceNormal.cdf(-mu / 2 - eps / mu);
            if (delta > DELTA) {
                lo = eps;
            } else {
                hi = eps;
            }
        }
        return hi;
    }

    @ParameterizedTest(name = "z {0}, {1} releases")
    @CsvSource({"1.0, 1", "1.0, 10", "2.0, 1", "2.0, 30", "4.0, 100", "0.8, 5"})
    void composesLikeTheClosedFormOfTheGaussianWithSensitivityTwoC(double z, long k) {
        double eps = new LocalAccountant(z, DELTA).epsilon(k);
        double continuous = closedForm(z, k, 0.7);
        // The fixed order grid can only lose a little against the continuous minimum.
        assertThat(eps).isGreaterThanOrEqualTo(continuous - 1e-9);
        assertThat(eps).isCloseTo(continuous, within(0.02 * continuous));

        // RDP is an upper bound: above the exact ε of the composed Gaussian (k releases of
        // Δ/σ = 2/z compose to one with Δ/σ = 2√k/z), below the classical ρ + 2√(ρ log 1/δ).
        double rho = 2.0 * k / (z * z);
        assertThat(eps).isGreaterThanOrEqualTo(exactGaussian(2 * Math.sqrt(k) / z));
        assertThat(eps).isLessThanOrEqualTo(rho + 2 * Math.sqrt(rho * Math.log(1 / DELTA)));
    }

    @Test
    void handWorkedSingleRelease() {
        // z = 2: RDP α/2 per release; with the classical conversion ε ≤ 0.5 + 2√(0.5·ln 1e5) =
        // 5.298
        double eps = new LocalAccountant(2.0, DELTA).epsilon(1);
        assertThat(eps).isLessThan(5.298).isGreaterThan(exactGaussian(1.0));
        assertThat(new LocalAccountant(2.0, DELTA).epsilon(0)).isZero();
    }
}
