package io.fedstream.edge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.edge.privacy.LocalAccountant;
import io.fedstream.edge.privacy.LocalDp;
import io.fedstream.edge.privacy.LocalDpSettings;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalDpStageTest {
    private static final double CLIP = 0.5;
    private static final double Z = 2.0;

    private static LocalUpdate update(float... delta) {
        return new LocalUpdate(Updates.work(4), delta, 600, 0.3, 12, null, "a note");
    }

    @Test
    void releasesTheClippedNoisedDeltaAndKeepsEverythingElse() throws Exception {
        LocalDp dp =
                new LocalDp(
                        new LocalDpSettings(CLIP, Z, 1e-5, null, true), new SplittableRandom(9));
        LocalDpStage stage = new LocalDpStage("client-0001", dp);

        LocalUpdate out = stage.apply(update(3f, 4f)).get().orElseThrow();

        // (3, 4) has norm 5: clipped to C = 0.5 it is (0.3, 0.4); then N(0, (zC)^2) per coordinate.
        SplittableRandom noise = new SplittableRandom(9);
        double g0 = noise.nextGaussian();
        double g1 = noise.nextGaussian();
        assertThat((double) out.delta()[0]).isCloseTo(0.3 + Z * CLIP * g0, within(1e-6));
        assertThat((double) out.delta()[1]).isCloseTo(0.4 + Z * CLIP * g1, within(1e-6));
        assertThat(out.numSamples()).isEqualTo(600);
        assertThat(out.loss()).isEqualTo(0.3);
        assertThat(out.timeMs()).isEqualTo(12);
        assertThat(out.note()).isEqualTo("a note");
        assertThat(dp.releases()).isEqualTo(1);
    }

    @Test
    void refusesTheNextRoundOnceOneMoreReleaseWouldExceedTheBudget() throws Exception {
        double oneRelease = new LocalAccountant(Z, 1e-5).epsilon(1);
        LocalDp dp =
                new LocalDp(
                        new LocalDpSettings(CLIP, Z, 1e-5, oneRelease * (1 + 1e-9), true),
                        new SplittableRandom(9));
        LocalDpStage stage = new LocalDpStage("client-0001", dp);
        assertThat(stage.refusal(Updates.work(1))).isEmpty();
        assertThat(stage.apply(update(1f, 0f)).get()).isPresent();

        Optional<String> refusal = stage.refusal(Updates.work(2));

        assertThat(refusal)
                .hasValueSatisfying(
                        r ->
                                assertThat(r)
                                        .startsWith(
                                                "local DP budget exhausted: 1 releases spent"
                                                        + " epsilon ")
                                        .contains(" > budget " + oneRelease * (1 + 1e-9))
                                        .endsWith(" at delta 1.0E-5"));
        assertThat(stage.apply(update(1f, 0f)).get()).isEmpty();
        assertThat(dp.releases()).isEqualTo(1);
    }
}
