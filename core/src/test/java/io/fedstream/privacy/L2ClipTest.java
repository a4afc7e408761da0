package io.fedstream.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class L2ClipTest {

    /** Independent norm: compensated (Kahan) summation of squares in double. */
    private static double referenceNorm(float[] x) {
        double sum = 0;
        double c = 0;
        for (float v : x) {
            double y = (double) v * v - c;
            double t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        return Math.sqrt(sum);
    }

    @Test
    void clippedNormNeverExceedsTheBoundOnRandomVectorsOfAnyMagnitude() {
        SplittableRandom rng = new SplittableRandom(20260101);
        int naiveOvershoots = 0;
        for (int trial = 0; trial < 1500; trial++) {
            int n = 1 + rng.nextInt(trial % 10 == 0 ? 20_000 : 300);
            double magnitude = Math.pow(10, rng.nextDouble(-30, 38.5));
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                double v = rng.nextGaussian() * magnitude;
                x[i] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, v));
            }
            double clip = Math.pow(10, rng.nextDouble(-3, 3));
            double before = referenceNorm(x);

            // What plain scaling by C/||x|| gives once rounded to float (the bug being guarded).
            float[] naive = x.clone();
            for (int i = 0; i < n; i++) {
                naive[i] = (float) (naive[i] * (clip / before));
            }
            if (before > clip && referenceNorm(naive) > clip) {
                naiveOvershoots++;
            }

            float[] y = L2Clip.clipped(x, clip);
            double after = referenceNorm(y);
            assertThat(after)
                    .as("trial %d, n %d, norm %s, clip %s", trial, n, before, clip)
                    .isLessThanOrEqualTo(clip);
            if (before > clip) {
                // Clipped to the bound, not far below it, and in the same direction.
                assertThat(after).isGreaterThan(clip * (1 - 1e-5));
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += ((double) x[i] / before) * ((double) y[i] / after);
                }
                assertThat(dot).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
            } else {
                assertThat(y).containsExactly(x);
            }
        }
        // Plain scaling does overshoot on some of these vectors: the fix-up is exercised.
        assertThat(naiveOvershoots).isGreaterThan(0);
    }

    @Test
    void vectorAtFloatMaxIsClippedWithoutOverflow() {
        float[] x = new float[1000];
        java.util.Arrays.fill(x, Float.MAX_VALUE);
        double factor = L2Clip.clipInPlace(x, 1.0);
        assertThat(referenceNorm(x)).isLessThanOrEqualTo(1.0).isGreaterThan(0.99999);
        // each coordinate is 1/sqrt(1000)
        assertThat(x[0])
                .isCloseTo(
                        (float) (1 / Math.sqrt(1000)),
                        org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(factor).isGreaterThan(0).isLessThan(1e-38);
    }

    @Test
    void zeroAndShortVectorsAreUnchanged() {
        float[] zero = new float[5];
        assertThat(L2Clip.clipInPlace(zero, 0.1)).isEqualTo(1);
        assertThat(zero).containsOnly(0f);
        float[] short3 = {0.375f, 0.5f, 0f}; // norm exactly 0.625
        assertThat(L2Clip.clipInPlace(short3, 0.625)).isEqualTo(1);
        assertThat(short3).containsExactly(0.375f, 0.5f, 0f);
    }

    @Test
    void handWorkedThreeFourFive() {
        float[] x = {3f, 4f};
        L2Clip.clipInPlace(x, 1.0);
        assertThat(x[0]).isCloseTo(0.6f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(x[1]).isCloseTo(0.8f, org.assertj.core.api.Assertions.within(1e-6f));
    }

    @Test
    void rejectsNonFiniteInputAndBadClip() {
        assertThatThrownBy(() -> L2Clip.clipInPlace(new float[] {1f, Float.NaN}, 1))
                .hasMessage("vector norm NaN vs clip 1.0: expected finite coordinates");
        assertThatThrownBy(() -> L2Clip.clipInPlace(new float[] {Float.POSITIVE_INFINITY}, 1))
                .hasMessageContaining("vector norm Infinity");
        assertThatThrownBy(() -> L2Clip.clipInPlace(new float[] {1f}, 0))
                .hasMessage("clip norm 0.0, expected finite and > 0");
    }
}
