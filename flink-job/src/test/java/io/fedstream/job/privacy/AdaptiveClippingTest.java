package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptiveClippingTest {

    @Test
    void correctedMultiplierMatchesTheClosedForm() {
        // z = 1, sigma_b = 5: z_delta = (1 - 1/100)^(-1/2) = 1.0050378...
        assertThat(AdaptiveClipping.updateNoiseMultiplier(1.0, 5.0))
                .isCloseTo(1.0050378, within(1e-6));
        assertThatThrownBy(() -> AdaptiveClipping.updateNoiseMultiplier(2.0, 0.5))
                .hasMessageContaining("need count noise > z/2 = 1.0");
    }

    @Test
    void releasedFractionUsesCentredBits() {
        // 30 of 40 unclipped, noise 2, 50 expected: (30 - 20 + 2) / 50 + 0.5 = 0.74.
        assertThat(AdaptiveClipping.noisyFraction(30, 40, 2.0, 50)).isCloseTo(0.74, within(1e-12));
        // Without noise and with exactly the expected participants it is the plain fraction.
        assertThat(AdaptiveClipping.noisyFraction(15, 50, 0.0, 50)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void clipConvergesToTheTargetQuantileOfTheNorms() {
        // Norms are log-normal(0, 0.5): the median is e^0 = 1 and the 0.8-quantile e^(0.5*0.8416) =
        // 1.5236.
        Random rng = new Random(5);
        KeyedGaussianNoise noise = new KeyedGaussianNoise(new byte[32]);
        for (double[] target : new double[][] {{0.5, 1.0}, {0.8, Math.exp(0.5 * 0.8416)}}) {
            double clip = 0.1;
            double[] tail = new double[100];
            for (int round = 0; round < 600; round++) {
                int n = 50;
                double below = 0;
                for (int i = 0; i < n; i++) {
                    if (Math.exp(0.5 * rng.nextGaussian()) <= clip) {
                        below++;
                    }
                }
                double[] countNoise = new double[1];
                noise.addNoise("m", round, "count", 0, 2.0, countNoise);
                clip =
                        AdaptiveClipping.nextClip(
                                clip,
                                AdaptiveClipping.noisyFraction((int) below, n, countNoise[0], n),
                                target[0],
                                0.2);
                if (round >= 500) {
                    tail[round - 500] = clip;
                }
            }
            double mean = Arrays.stream(tail).average().orElseThrow();
            assertThat(mean)
                    .as("clip for quantile %s", target[0])
                    .isCloseTo(target[1], within(0.1 * target[1]));
        }
    }
}
