package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.privacy.RdpAccountant;
import org.junit.jupiter.api.Test;

class NoiseCalibrationTest {

    @Test
    void foundMultiplierMeetsTheBudgetWithinOnePercent() {
        double[][] cases = {{1, 0.05, 30}, {8, 0.05, 30}, {2, 0.01, 1000}, {0.72422, 0.0025, 6000}};
        for (double[] c : cases) {
            double sigma = NoiseCalibration.noiseMultiplier(c[0], 1e-5, c[1], (long) c[2]);
            double eps = RdpAccountant.epsilon(c[1], sigma, (long) c[2], 1e-5);
            assertThat(eps)
                    .as("eps at sigma %s for target %s", sigma, c[0])
                    .isLessThanOrEqualTo(c[0]);
            assertThat(eps).isGreaterThanOrEqualTo(0.99 * c[0]);
        }
        // The published pair (q 0.0025, sigma 1.3, 6000 steps -> 0.72422) calibrates back to about
        // 1.3.
        assertThat(NoiseCalibration.noiseMultiplier(0.72422, 1e-5, 0.0025, 6000))
                .isBetween(1.29, 1.31);
    }

    @Test
    void smallerBudgetsNeedMoreNoise() {
        double loose = NoiseCalibration.noiseMultiplier(8, 1e-5, 0.05, 100);
        double tight = NoiseCalibration.noiseMultiplier(1, 1e-5, 0.05, 100);
        assertThat(tight).isGreaterThan(loose);
    }
}
