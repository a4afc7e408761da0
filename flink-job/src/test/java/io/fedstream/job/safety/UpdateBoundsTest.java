package io.fedstream.job.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.config.JobConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateBoundsTest {
    /** κ = 5, κ_w = 4, W = 4, m = 3, no fixed bound, no DP. */
    private static final UpdateBounds BOUNDS = new UpdateBounds(0, 5, 4, 4, 3, false);

    private static UpdateBounds.Window window(UpdateBounds b, double[] norms, long[] samples) {
        UpdateBounds.Window w = b.fit(null);
        for (int i = 0; i < norms.length; i++) {
            b.record(w, norms[i], samples[i]);
        }
        return w;
    }

    @Test
    void theAdaptiveBoundIsTheFactorTimesTheMedianNormOfTheWindow() {
        // norms 2, 1e30, 3: median 3, bound 5 x 3 = 15
        UpdateBounds.Window w =
                window(BOUNDS, new double[] {2, 1e30, 3}, new long[] {100, 200, 300});

        assertThat(BOUNDS.normBound(w)).isEqualTo(15.0);
    }

    @Test
    void theWeightCapIsTheFactorTimesTheMedianClaimedSamples() {
        // samples 100, 1_000_000_000, 300, 200: sorted 100 200 | 300 1e9, lower middle 200; cap 800
        UpdateBounds.Window w =
                window(
                        BOUNDS,
                        new double[] {1, 1, 1, 1},
                        new long[] {100, 1_000_000_000L, 300, 200});

        assertThat(BOUNDS.weightCap(w)).isEqualTo(800.0);
    }

    @Test
    void theWindowKeepsOnlyTheLastWUpdates() {
        // W = 4: the first norm (1e30) falls out after four more
        UpdateBounds.Window w =
                window(BOUNDS, new double[] {1e30, 1, 2, 3, 4}, new long[] {9, 1, 2, 3, 4});

        assertThat(w.norms.toArray()).containsExactly(1, 2, 3, 4);
        assertThat(BOUNDS.normBound(w)).isEqualTo(5 * 2.0);
        assertThat(BOUNDS.weightCap(w)).isEqualTo(4 * 2.0);
    }

    @Test
    void updatesAreHeldBackUntilWarmUpValuesAreKnown() {
        UpdateBounds.Window w = BOUNDS.fit(null);
        assertThat(BOUNDS.warmingUp(w)).isTrue();
        BOUNDS.record(w, 1, 1);
        BOUNDS.record(w, 2, 1);
        assertThat(BOUNDS.warmingUp(w)).isTrue();
        BOUNDS.record(w, 3, 1);
        assertThat(BOUNDS.warmingUp(w)).isFalse();
    }

    @Test
    void aFixedNormBoundReplacesTheAdaptiveOne() {
        UpdateBounds fixed = new UpdateBounds(0.5, 5, 4, 4, 3, false);
        UpdateBounds.Window w = window(fixed, new double[] {2, 3, 4}, new long[] {1, 1, 1});

        assertThat(fixed.adaptiveNormBound()).isFalse();
        assertThat(fixed.normBound(w)).isEqualTo(0.5);
        assertThat(fixed.weightCap(w)).isEqualTo(4.0);
    }

    @Test
    void underDpThereIsNoAdaptiveBoundNoCapAndNoHoldingBack() {
        UpdateBounds dp = new UpdateBounds(0, 5, 4, 4, 3, true);
        UpdateBounds.Window w = window(dp, new double[] {1e30}, new long[] {1_000_000});

        assertThat(dp.adaptive()).isFalse();
        assertThat(dp.warmingUp(w)).isFalse();
        assertThat(dp.normBound(w)).isInfinite();
        assertThat(dp.weightCap(w)).isInfinite();
        // ...but a fixed norm-bound still applies (after the DP clip)
        assertThat(new UpdateBounds(2, 5, 4, 4, 3, true).normBound(w)).isEqualTo(2.0);
    }

    @Test
    void factorsOfZeroTurnTheBoundsOff() {
        UpdateBounds off = new UpdateBounds(0, 0, 0, 4, 3, false);
        UpdateBounds.Window w = window(off, new double[] {1, 2, 3}, new long[] {1, 2, 3});

        assertThat(off.adaptive()).isFalse();
        assertThat(off.warmingUp(w)).isFalse();
        assertThat(off.normBound(w)).isInfinite();
        assertThat(off.weightCap(w)).isInfinite();
    }

    @Test
    void aWindowOfZeroUpdatesBoundsNothing() {
        UpdateBounds.Window w = window(BOUNDS, new double[] {0, 0, 5}, new long[] {1, 1, 1});

        assertThat(BOUNDS.normBound(w)).isInfinite();
    }

    @Test
    void clippingScalesAnUpdateDownToTheBound() {
        float[] x = {3f, 4f}; // norm 5
        assertThat(UpdateBounds.clip(x, 1.0)).isTrue();
        assertThat(x[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(x[1]).isCloseTo(0.8f, within(1e-6f));

        float[] y = {3f, 4f};
        assertThat(UpdateBounds.clip(y, 5.0)).isFalse();
        assertThat(UpdateBounds.clip(y, Double.POSITIVE_INFINITY)).isFalse();
        assertThat(y).containsExactly(3f, 4f);
    }

    @Test
    void theDefaultsAreOnWithAWindowOfTwoRounds() {
        JobConfig config =
                JobConfig.fromMap(Map.of("clients-per-round", "10", "client-auth", "off"));
        UpdateBounds b = UpdateBounds.of(config, false);
        UpdateBounds.Window w = b.fit(null);

        assertThat(b.adaptiveNormBound()).isTrue();
        assertThat(b.capsWeights()).isTrue();
        assertThat(w.norms.capacity()).isEqualTo(20);
        for (int i = 1; i <= 3; i++) {
            b.record(w, i, 100L * i);
        }
        assertThat(b.normBound(w)).isEqualTo(5 * 2.0);
        assertThat(b.weightCap(w)).isEqualTo(4 * 200.0);
    }

    @Test
    void aWarmUpLongerThanTheWindowIsCutToIt() {
        assertThatThrownBy(() -> new UpdateBounds(0, 5, 4, 2, 3, false))
                .hasMessageContaining("bound-warm-up 3 vs bound-window 2");
        // one client a round: W = 2, and the default warm-up 3 is cut to 2
        UpdateBounds b =
                UpdateBounds.of(
                        JobConfig.fromMap(Map.of("clients-per-round", "1", "client-auth", "off")),
                        false);
        UpdateBounds.Window w = b.fit(null);
        b.record(w, 1, 1);
        assertThat(b.warmingUp(w)).isTrue();
        b.record(w, 2, 1);
        assertThat(b.warmingUp(w)).isFalse();
    }
}
