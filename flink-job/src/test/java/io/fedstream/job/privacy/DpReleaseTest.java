package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DpReleaseTest {
    private final KeyedGaussianNoise noise =
            new KeyedGaussianNoise(
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    @Test
    void withAllUpdatesZeroTheReleaseHasTheConfiguredStd() {
        // z = 1.1, C = 0.5, q N = 10: the released coordinates are N(0, (1.1 * 0.5 / 10)^2) = N(0,
        // 0.055^2).
        int d = 50_000;
        float[] out = DpRelease.release(new double[d], 0, 1.1 * 0.5, 10, noise, "m", 4, null);
        double sumSq = 0;
        for (float v : out) {
            sumSq += (double) v * v;
        }
        // (d - 1) s^2 / sigma^2 ~ chi-square(d - 1): mean d - 1, sd sqrt(2 (d - 1)) = 316; 4 sd is
        // p < 1e-4.
        double chi = sumSq / (0.055 * 0.055);
        assertThat(chi).isBetween(d - 4 * Math.sqrt(2.0 * d), d + 4 * Math.sqrt(2.0 * d));
    }

    @Test
    void releaseIsTheNoisySumOverTheExpectedClients() {
        double[] sum = {2.0, -4.0, 6.0};
        float[] noiseless = DpRelease.release(sum, 0, 0.0, 4, noise, "m", 1, null);
        assertThat(noiseless).containsExactly(0.5f, -1f, 1.5f);
        float[] noisy = DpRelease.release(sum, 0, 1.0, 4, noise, "m", 1, null);
        double[] expectedNoise = noise.sample("m", 1, "update", 3);
        for (int i = 0; i < 3; i++) {
            assertThat((double) noisy[i]).isCloseTo((sum[i] + expectedNoise[i]) / 4, within(1e-6));
        }
        assertThat(sum).containsExactly(2.0, -4.0, 6.0);
    }

    @Test
    void theNoiseIsTheStreamOfTheRoundsMembership() {
        double[] sum = {2.0, -4.0, 6.0};
        String members = Membership.digest(new String[] {"a", "b"}, 2);
        float[] noisy = DpRelease.release(sum, 0, 1.0, 4, noise, "m", 1, members);
        double[] expectedNoise = noise.sample("m", 1, "update|" + members, 3);
        for (int i = 0; i < 3; i++) {
            assertThat((double) noisy[i]).isCloseTo((sum[i] + expectedNoise[i]) / 4, within(1e-6));
        }
        assertThat(DpRelease.release(sum, 0, 1.0, 4, noise, "m", 1, members))
                .containsExactly(noisy);
        String others = Membership.digest(new String[] {"a", "c"}, 2);
        assertThat(DpRelease.release(sum, 0, 1.0, 4, noise, "m", 1, others)).isNotEqualTo(noisy);
    }

    @Test
    void shardedReleasesEqualTheWholeRelease() {
        double[] sum = new double[101];
        Arrays.setAll(sum, i -> i * 0.01);
        float[] whole = DpRelease.release(sum, 0, 0.7, 5, noise, "m", 9, null);
        float[] left =
                DpRelease.release(Arrays.copyOfRange(sum, 0, 37), 0, 0.7, 5, noise, "m", 9, null);
        float[] right =
                DpRelease.release(
                        Arrays.copyOfRange(sum, 37, 101), 37, 0.7, 5, noise, "m", 9, null);
        assertThat(left).containsExactly(Arrays.copyOfRange(whole, 0, 37));
        assertThat(right).containsExactly(Arrays.copyOfRange(whole, 37, 101));
    }

    @Test
    void clippingBoundsTheNorm() {
        float[] x = {3f, 4f}; // norm 5
        assertThat(DpRelease.clipFactor(x, 10)).isEqualTo(1.0);
        assertThat(DpRelease.clipFactor(x, 1)).isEqualTo(0.2);
        double f = DpRelease.clipFactor(x, 1);
        assertThat(Math.hypot(x[0] * f, x[1] * f)).isCloseTo(1.0, within(1e-12));
    }
}
