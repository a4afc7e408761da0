package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.privacy.LogMath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyedGaussianNoiseTest {
    private static final byte[] KEY = "test-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void sameKeyModelAndRoundGiveBitIdenticalNoise() {
        double[] a = new KeyedGaussianNoise(KEY).sample("m", 7, "update", 1001);
        double[] b = new KeyedGaussianNoise(KEY.clone()).sample("m", 7, "update", 1001);
        assertThat(a).containsExactly(b);
    }

    @Test
    void otherKeyRoundOrStreamGiveOtherNoise() {
        KeyedGaussianNoise noise = new KeyedGaussianNoise(KEY);
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        double[] base = noise.sample("m", 7, "update", 64);
        assertThat(new KeyedGaussianNoise(otherKey).sample("m", 7, "update", 64))
                .isNotEqualTo(base);
        assertThat(noise.sample("m", 8, "update", 64)).isNotEqualTo(base);
        assertThat(noise.sample("m", 7, "count", 64)).isNotEqualTo(base);
    }

    @Test
    void aSliceEqualsTheSameRangeOfTheWholeVector() {
        KeyedGaussianNoise noise = new KeyedGaussianNoise(KEY);
        double[] whole = noise.sample("m", 3, "update", 1000);
        for (int[] range : new int[][] {{0, 1}, {1, 2}, {333, 667}, {999, 1000}, {10, 11}}) {
            double[] part = new double[range[1] - range[0]];
            noise.addNoise("m", 3, "update", range[0], 1.0, part);
            assertThat(part).containsExactly(Arrays.copyOfRange(whole, range[0], range[1]));
        }
    }

    /** Standard normal CDF via erfc, computed independently of the sampler. */
    private static double phi(double x) {
        return 0.5 * Math.exp(LogMath.logErfc(-x / Math.sqrt(2)));
    }

    @Test
    void samplesAreStandardNormalByKolmogorovSmirnov() {
        int n = 100_000;
        double[] x = new KeyedGaussianNoise(KEY).sample("m", 1, "update", n);
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = phi(x[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        // Asymptotic Kolmogorov tail: P(sqrt(n) D > t) = 2 sum_k (-1)^(k-1) exp(-2 k^2 t^2).
        double t = Math.sqrt(n) * d;
        double p = 0;
        for (int k = 1; k <= 100; k++) {
            p += 2 * Math.pow(-1, k - 1) * Math.exp(-2.0 * k * k * t * t);
        }
        assertThat(p).as("KS p-value (D = %s)", d).isGreaterThan(0.001);
        double mean = Arrays.stream(x).average().orElseThrow();
        assertThat(Math.abs(mean)).isLessThan(5 / Math.sqrt(n));
    }

    @Test
    void scalesByStdAndRefusesShortKeys() {
        KeyedGaussianNoise noise = new KeyedGaussianNoise(KEY);
        double[] unit = noise.sample("m", 2, "update", 10);
        double[] scaled = new double[10];
        noise.addNoise("m", 2, "update", 0, 3.0, scaled);
        for (int i = 0; i < 10; i++) {
            assertThat(scaled[i])
                    .isEqualTo(3.0 * unit[i], org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThatThrownBy(() -> new KeyedGaussianNoise(new byte[8]))
                .hasMessage("noise key has 8 bytes; at least 16 are needed");
        assertThat(noise.toString()).doesNotContain("test-key");
    }
}
