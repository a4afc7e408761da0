package io.fedstream.job.safety;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseCheckTest {
    /** Factor 10, window 5, warm-up 3. */
    private static final ReleaseCheck CHECK = new ReleaseCheck(10, 5, 3);

    private static RecentValues released(double... steps) {
        RecentValues r = CHECK.fit(null);
        for (double s : steps) {
            CHECK.released(r, s);
        }
        return r;
    }

    @Test
    void aFiniteCandidateWithAnOrdinaryStepIsPublished() {
        assertThat(CHECK.refusal(new float[] {1f, 2f}, 0.5, released(1, 2, 3))).isNull();
    }

    @Test
    void aCandidateWithANonFiniteParameterIsRefusedNamingTheFirst() {
        float[] candidate = {1f, Float.NaN, Float.POSITIVE_INFINITY, 0f};

        assertThat(CHECK.refusal(candidate, 1, released()))
                .isEqualTo("2 of 4 parameters are not finite (first: index 1 = NaN)");
    }

    @Test
    void aStepAboveTheFactorTimesTheMedianOfRecentStepsIsRefused() {
        // released 1, 2, 3: median 2, so the largest step allowed is 10 x 2 = 20
        RecentValues steps = released(1, 2, 3);

        assertThat(CHECK.refusal(new float[] {0f}, 19.9, steps)).isNull();
        assertThat(CHECK.refusal(new float[] {0f}, 20.1, steps))
                .isEqualTo(
                        "step norm 20.10 > 10.0 x 2.000, the median of the last 3 released steps");
    }

    @Test
    void beforeTheWarmUpOnlyNonFiniteCandidatesAreRefused() {
        RecentValues steps = released(1, 2);

        assertThat(CHECK.refusal(new float[] {0f}, 1e12, steps)).isNull();
        assertThat(CHECK.refusal(new float[] {Float.NaN}, 1, steps)).isNotNull();
    }

    @Test
    void zeroStepsAreNotRecordedSoEmptyRoundsCannotLowerTheMedian() {
        RecentValues steps = released(0, 1, 0, 2, 0, 3, 0);

        assertThat(steps.toArray()).containsExactly(1, 2, 3);
    }

    @Test
    void aFactorOfZeroTurnsTheStepCheckOff() {
        ReleaseCheck off = new ReleaseCheck(0, 5, 3);
        RecentValues steps = released(1, 2, 3);

        assertThat(off.refusal(new float[] {0f}, 1e12, steps)).isNull();
        assertThat(off.refusal(new float[] {Float.NEGATIVE_INFINITY}, 1, steps)).isNotNull();
    }
}
