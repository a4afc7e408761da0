package io.fedstream.edge.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Expected values are worked by hand (or taken from standard normal tables) in the comments. */
class AttackMathTest {
    private static final List<float[]> THREE = List.of(f(1, 2), f(3, 2), f(5, 8));

    @Test
    void normalQuantileMatchesTables() {
        assertThat(NormalQuantile.inverseCdf(0.5)).isCloseTo(0.0, within(1e-12));
        assertThat(NormalQuantile.inverseCdf(0.6)).isCloseTo(0.2533471031, within(1e-8));
        assertThat(NormalQuantile.inverseCdf(0.975)).isCloseTo(1.9599639845, within(1e-8));
        assertThat(NormalQuantile.inverseCdf(0.01)).isCloseTo(-2.3263478740, within(1e-8));
        assertThat(NormalQuantile.inverseCdf(0.999)).isCloseTo(3.0902323062, within(1e-8));
        assertThatThrownBy(() -> NormalQuantile.inverseCdf(1.0)).hasMessageContaining("p 1.0");
    }

    @Test
    void alieZFromNAndF() {
        // n=10, f=2: s = floor(10/2 + 1) - 2 = 4, z = Phi^-1((10 - 4)/10) = Phi^-1(0.6).
        assertThat(Alie.z(10, 2)).isCloseTo(0.2533471031, within(1e-8));
        // n=100, f=20: s = 51 - 20 = 31, z = Phi^-1(0.69).
        assertThat(Alie.z(100, 20)).isCloseTo(0.4958503473, within(1e-8));
        // n=10, f=1: s = 5, z = Phi^-1(0.5) = 0: the mean itself.
        assertThat(Alie.z(10, 1)).isCloseTo(0.0, within(1e-12));
        // n=10, f=6: s = 0, (n - s)/n = 1 has no finite quantile.
        assertThatThrownBy(() -> Alie.z(10, 6)).hasMessageContaining("n 10, f 6");
    }

    @Test
    void alieIsMeanMinusZTimesSampleStd() {
        // mean (3, 4); deviations (-2, 0, 2) and (-2, -2, 4): sample std 2 and sqrt(24/2) = sqrt
        // 12.
        float[] m = Alie.attack(THREE, 0.5);
        assertThat(m[0]).isCloseTo(2.0f, within(1e-6f));
        assertThat(m[1]).isCloseTo((float) (4 - 0.5 * Math.sqrt(12)), within(1e-6f));
    }

    @Test
    void ipmIsMinusEpsilonTimesMean() {
        float[] m = Ipm.attack(THREE, 0.5);
        assertThat(m).containsExactly(-1.5f, -2.0f);
        assertThatThrownBy(() -> Ipm.attack(THREE, 0)).hasMessageContaining("epsilon 0.0");
    }

    @Test
    void simpleAttacks() {
        assertThat(SimpleAttacks.signFlip(f(1, -2, 0))).containsExactly(-1f, 2f, -0f);
        assertThat(SimpleAttacks.scale(f(1, -2), 10)).containsExactly(10f, -20f);
        assertThat(SimpleAttacks.zero(3)).containsExactly(0f, 0f, 0f);
        assertThat(SimpleAttacks.flipLabel(0, 10)).isEqualTo(9);
        assertThat(SimpleAttacks.flipLabel(3, 10)).isEqualTo(6);
        assertThat(SimpleAttacks.flipLabel(9, 10)).isEqualTo(0);
        assertThatThrownBy(() -> SimpleAttacks.flipLabel(10, 10)).hasMessageContaining("label 10");
    }

    @Test
    void gaussianNoiseHasTheRequestedSigmaAndIsSeeded() {
        float[] delta = new float[200_000];
        java.util.Arrays.fill(delta, 1.5f);
        float[] a = SimpleAttacks.addGaussian(delta, 2.0, new SplittableRandom(7));
        float[] b = SimpleAttacks.addGaussian(delta, 2.0, new SplittableRandom(7));
        assertThat(a).containsExactly(b);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - 1.5;
            sum += e;
            sq += e * e;
        }
        // Standard error of the mean 2/sqrt(2e5) = 0.0045; of the std about 2/sqrt(4e5) = 0.003.
        assertThat(sum / a.length).isCloseTo(0.0, within(0.03));
        assertThat(Math.sqrt(sq / a.length)).isCloseTo(2.0, within(0.02));
        assertThat(SimpleAttacks.addGaussian(delta, 0, new SplittableRandom(1)))
                .containsExactly(delta);
    }

    // Honest updates (0,0), (2,0), (6,0): mean (8/3, 0), max pairwise distance 6, per-client sums
    // of squared distances 40, 20, 52 (max 52).
    private static final List<float[]> LINE = List.of(f(0, 0), f(2, 0), f(6, 0));

    @Test
    void minMaxGammaOnALine() {
        // unit-vec p = (-1, 0), m = (8/3 - g, 0); max distance to honest is |8/3 - g - 6| = 10/3 +
        // g
        // <= 6 gives g = 8/3 and m = (0, 0).
        AgrAgnostic.Result r = AgrAgnostic.minMax(LINE, Perturbation.UNIT_VEC);
        assertThat(r.gamma()).isCloseTo(8.0 / 3, within(1e-4));
        assertThat(r.update()[0]).isCloseTo(0f, within(1e-4f));
        assertThat(r.update()[1]).isEqualTo(0f);
        // sign p = (-sign(8/3), -sign(0)) = (-1, 0): the same answer.
        assertThat(AgrAgnostic.minMax(LINE, Perturbation.SIGN).gamma())
                .isCloseTo(8.0 / 3, within(1e-4));
        // std p = (-sqrt(28/3), 0): g = (8/3) / sqrt(28/3) = 0.872872.
        assertThat(AgrAgnostic.minMax(LINE, Perturbation.STD).gamma())
                .isCloseTo(8.0 / 3 / Math.sqrt(28.0 / 3), within(1e-4));
    }

    @Test
    void minSumGammaOnALine() {
        // a = 8/3 - g: a^2 + (a-2)^2 + (a-6)^2 = 3a^2 - 16a + 40 <= 52 gives a >= -2/3, g = 10/3.
        AgrAgnostic.Result r = AgrAgnostic.minSum(LINE, Perturbation.UNIT_VEC);
        assertThat(r.gamma()).isCloseTo(10.0 / 3, within(1e-4));
        assertThat(r.update()[0]).isCloseTo(-2f / 3, within(1e-4f));
    }

    @Test
    void minMaxStaysWithinTheHonestDiameterIn2D() {
        // (0,0), (4,0), (0,3): mean (4/3, 1), unit-vec p = -(4/3, 1)/(5/3) = (-0.8, -0.6); diameter
        // 5. m = (4/3 - 0.8g, 1 - 0.6g); the farthest honest point is (4, 0):
        // (8/3 + 0.8g)^2 + (0.6g - 1)^2 = 25 -> g^2 + (64/15 - 6/5) g + 64/9 + 1 - 25 = 0,
        // g^2 + 46/15 g - 152/9 = 0 -> g = (-46/15 + sqrt((46/15)^2 + 4 * 152/9)) / 2.
        List<float[]> tri = List.of(f(0, 0), f(4, 0), f(0, 3));
        double b = 46.0 / 15;
        double expected = (-b + Math.sqrt(b * b + 4 * 152.0 / 9)) / 2;
        AgrAgnostic.Result r = AgrAgnostic.minMax(tri, Perturbation.UNIT_VEC);
        assertThat(r.gamma()).isCloseTo(expected, within(1e-4));
        for (float[] g : tri) {
            assertThat(Math.sqrt(UpdateStats.squaredDistance(r.update(), g))).isLessThan(5 + 1e-3);
        }
    }

    @Test
    void byzantineSelectionIsSeededAndSized() {
        int[] a = ByzantineSelection.choose(100, 0.2, 42);
        assertThat(a).hasSize(20).doesNotHaveDuplicates().isSorted();
        assertThat(a[0]).isGreaterThanOrEqualTo(0);
        assertThat(a[a.length - 1]).isLessThan(100);
        assertThat(ByzantineSelection.choose(100, 0.2, 42)).containsExactly(a);
        assertThat(ByzantineSelection.choose(100, 0.2, 43)).isNotEqualTo(a);
        assertThat(ByzantineSelection.choose(10, 0, 1)).isEmpty();
        assertThat(ByzantineSelection.choose(5, 1, 1)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ByzantineSelection.count(10, 0.25)).isEqualTo(3); // round(2.5) = 3
    }

    static float[] f(float... v) {
        return v;
    }
}
