package io.fedstream.edge.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.LocalDpStatus;
import io.fedstream.privacy.ReferenceNormal;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalDpTest {

    private static LocalDpSettings settings(double clip, double z, Double budget) {
        return new LocalDpSettings(clip, z, 1e-5, budget, true);
    }

    /**
     * Kolmogorov's asymptotic p-value of the KS statistic d over n samples (Stephens' correction).
     */
    private static double ksPValue(double d, int n) {
        double sn = Math.sqrt(n);
        double lambda = (sn + 0.12 + 0.11 / sn) * d;
        double p = 0;
        for (int k = 1; k <= 100; k++) {
            p += 2 * (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * lambda * lambda);
        }
        return Math.max(0, Math.min(1, p));
    }

    @Test
    void noiseOnAZeroUpdateIsNormalWithStdZTimesClip() {
        double clip = 0.5;
        double z = 1.5;
        double std = z * clip;
        LocalDp dp = new LocalDp(settings(clip, z, null), new SplittableRandom(7));
        int n = 20_000;
        float[] released = dp.release(new float[n]).orElseThrow();

        double[] x = new double[n];
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            x[i] = released[i];
            sumSq += x[i] * x[i];
        }
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = ReferenceNormal.cdf(x[i] / std);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        assertThat(ksPValue(d, n)).as("KS p-value, D = %s", d).isGreaterThan(0.001);

        // Variance: n·s²/σ² ~ χ²(n) (mean known to be 0), ≈ N(n, 2n); two-sided p > 0.001.
        double zScore = (sumSq / (std * std) - n) / Math.sqrt(2.0 * n);
        assertThat(Math.abs(zScore)).isLessThan(3.29);
    }

    @Test
    void ksTestRejectsTheWrongStd() {
        // The test above has power: the same noise judged against 0.9 × std fails it.
        LocalDp dp = new LocalDp(settings(0.5, 1.5, null), new SplittableRandom(7));
        int n = 20_000;
        float[] released = dp.release(new float[n]).orElseThrow();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = released[i];
        }
        Arrays.sort(x);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = ReferenceNormal.cdf(x[i] / (0.9 * 0.75));
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        assertThat(ksPValue(d, n)).isLessThan(0.001);
    }

    @Test
    void releasedUpdateIsClippedBeforeNoiseAndInputIsUntouched() {
        float[] update = new float[1000];
        Arrays.fill(update, 3f); // norm 3·√1000 ≈ 94.9
        float[] copy = update.clone();
        // Tiny noise, so the released vector shows the clipped signal: each coordinate 1/√1000.
        LocalDp dp = new LocalDp(settings(1.0, 1e-9, null), new SplittableRandom(1));
        float[] out = dp.release(update).orElseThrow();
        assertThat(update).containsExactly(copy);
        for (float v : out) {
            assertThat((double) v).isCloseTo(1 / Math.sqrt(1000), within(1e-6));
        }
    }

    @Test
    void refusesTheReleaseThatWouldExceedTheBudget() {
        double z = 10.0;
        double budget = 4.0;
        LocalAccountant accountant = new LocalAccountant(z, 1e-5);
        int allowed = 0;
        while (accountant.epsilon(allowed + 1) <= budget) {
            allowed++;
        }
        assertThat(allowed).isGreaterThan(1);

        LocalDp dp = new LocalDp(settings(1.0, z, budget), new SplittableRandom(3));
        for (int i = 0; i < allowed; i++) {
            assertThat(dp.canRelease()).isTrue();
            assertThat(dp.release(new float[] {1f, 2f})).isPresent();
        }
        assertThat(dp.canRelease()).isFalse();
        assertThat(dp.release(new float[] {1f, 2f})).isEqualTo(Optional.empty());
        assertThat(dp.releases()).isEqualTo(allowed);
        assertThat(dp.epsilonSpent()).isLessThanOrEqualTo(budget);
        assertThat(dp.epsilonAfterNextRelease()).isGreaterThan(budget);

        LocalDpStatus status = dp.status();
        assertThat(status.getReleases()).isEqualTo(allowed);
        assertThat(status.getEpsilonSpent()).isEqualTo(accountant.epsilon(allowed));
        assertThat(status.getEpsilonBudget()).isEqualTo(budget);
        assertThat(status.getExhausted()).isTrue();
        assertThat(status.getNoiseMultiplier()).isEqualTo(z);
    }

    @Test
    void sameSeedGivesSameNoiseAndSecureRandomWorks() {
        float[] a =
                new LocalDp(settings(1, 1, null), new SplittableRandom(9))
                        .release(new float[8])
                        .orElseThrow();
        float[] b =
                new LocalDp(settings(1, 1, null), new SplittableRandom(9))
                        .release(new float[8])
                        .orElseThrow();
        assertThat(a).containsExactly(b);
        float[] c =
                new LocalDp(settings(1, 1, null), new java.security.SecureRandom())
                        .release(new float[8])
                        .orElseThrow();
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void settingsNameEveryInvalidValue() {
        assertThatThrownBy(() -> new LocalDpSettings(0, -1, 2, -3.0, false))
                .hasMessage(
                        "local-dp clip 0.0, expected finite and > 0; local-dp noise multiplier -1.0,"
                                + " expected finite and > 0; local-dp delta 2.0, expected in (0, 1);"
                                + " local-dp epsilon budget -3.0, expected > 0");
    }
}
