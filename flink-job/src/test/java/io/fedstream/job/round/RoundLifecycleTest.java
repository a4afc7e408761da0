package io.fedstream.job.round;

import static io.fedstream.job.TestUpdates.MODEL;
import static io.fedstream.job.TestUpdates.raw;
import static io.fedstream.job.TestUpdates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.job.clientmanager.selection.ClientSampler;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.privacy.RoundPrivacy;
import io.fedstream.job.safety.UpdateBounds;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundLifecycleTest {
    private static final long TIMEOUT = 5_000;
    private static final DpPlan NO_DP =
            DpPlan.of(JobConfig.fromMap(java.util.Map.of("client-auth", "off")));

    /** A lifecycle with a fixed norm bound (0: none) and no adaptive bound or weight cap. */
    private static RoundLifecycle lifecycle(int rounds, int perRound, double normBound) {
        return lifecycle(rounds, perRound, new UpdateBounds(normBound, 0, 0, 4, 1, false));
    }

    private static RoundLifecycle lifecycle(int rounds, int perRound, UpdateBounds bounds) {
        return new RoundLifecycle(
                rounds,
                TIMEOUT,
                2,
                bounds,
                new RoundPrivacy(NO_DP, null, 42),
                new ClientSampler(perRound, 42));
    }

    /** The test model's 8 parameters: {@code head}, then zeros. */
    private static float[] vec(float... head) {
        return java.util.Arrays.copyOf(head, 8);
    }

    private static ValidatedUpdate validated(String client, long round, long samples, float... d) {
        ModelUpdate u = update(client, round, samples, d).build();
        ValidatedUpdate v = new ValidatedUpdate();
        v.modelId = MODEL;
        v.clientId = client;
        v.round = round;
        v.baseVersion = round - 1;
        v.numSamples = samples;
        v.trainingLoss = u.getTrainingLoss();
        v.values = d;
        v.raw = raw(u);
        return v;
    }

    /** A book with round 1 open and clients a, b selected. */
    private static RoundBook roundOne(RoundLifecycle lc) throws Exception {
        RoundBook book = lc.bootstrap(0);
        lc.close(book, MODEL, 0, () -> List.of("a", "b"));
        return book;
    }

    @Test
    void roundOneStartsOnceMinClientsAreAlive() {
        RoundLifecycle lc = lifecycle(3, 2, 0);
        assertThat(lc.canStart(1)).isFalse();
        assertThat(lc.canStart(2)).isTrue();
    }

    @Test
    void closingTheBootstrapOpensRoundOneWithTheSelectedClientsAndItsDeadline() throws Exception {
        RoundLifecycle lc = lifecycle(3, 2, 0);
        RoundBook book = lc.bootstrap(100);

        RoundSummary s = lc.close(book, MODEL, 100, () -> List.of("b", "a", "c"));

        assertThat(s.round).isZero();
        assertThat(s.finalRound).isFalse();
        // two of {a, b, c}, sorted, as the seeded sampler draws them for round 1
        assertThat(s.nextSelected)
                .containsExactlyElementsOf(ClientSampler.sample(List.of("a", "b", "c"), 2, 42, 1));
        assertThat(s.nextSelected).hasSize(2).isSorted();
        assertThat(s.nextDeadline).isEqualTo(100 + TIMEOUT);
        assertThat(book.round).isEqualTo(1);
        assertThat(book.deadline).isEqualTo(100 + TIMEOUT);
    }

    @Test
    void withoutDpAnUpdateIsWeightedByItsSamplesAndLeftAsSent() throws Exception {
        RoundLifecycle lc = lifecycle(3, 2, 0);
        RoundBook book = roundOne(lc);
        ValidatedUpdate u = validated("a", 1, 30, vec(3f, 4f));

        assertThat(lc.check(book, u, false)).isNull();
        lc.admit(book, u);
        assertThat(lc.holdsBack(book)).isFalse();
        assertThat(lc.bound(book, u.values, u.numSamples)).isEqualTo(30.0);
        assertThat(u.values).containsExactly(vec(3f, 4f));
        assertThat(book.participants).isEqualTo(1);
        assertThat(book.totalSamples).isEqualTo(30);
    }

    @Test
    void theNormBoundClipsAnAdmittedUpdateToItsNorm() throws Exception {
        RoundLifecycle lc = lifecycle(3, 2, 1.0);
        RoundBook book = roundOne(lc);
        ValidatedUpdate u = validated("a", 1, 30, vec(3f, 4f)); // norm 5

        lc.admit(book, u);
        lc.bound(book, u.values, u.numSamples);

        // (3, 4) / 5 = (0.6, 0.8), norm 1
        assertThat(u.values[0]).isCloseTo(0.6f, within(1e-6f));
        assertThat(u.values[1]).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void theAdaptiveBoundAndTheWeightCapTakeTheMedianOfTheFirstUpdatesHeldBack() throws Exception {
        // kappa 5, kappa_w 4, window 4, warm-up 3
        RoundLifecycle lc = lifecycle(3, 3, new UpdateBounds(0, 5, 4, 4, 3, false));
        RoundBook book = lc.bootstrap(0);
        lc.close(book, MODEL, 0, () -> List.of("a", "b", "c"));
        ValidatedUpdate huge = validated("b", 1, 1_000_000, vec(0f, 1e30f)); // norm 1e30
        ValidatedUpdate a = validated("a", 1, 100, vec(3f, 4f)); // norm 5
        ValidatedUpdate c = validated("c", 1, 300, vec(6f, 8f)); // norm 10

        lc.admit(book, huge);
        assertThat(lc.holdsBack(book)).isTrue();
        lc.admit(book, a);
        assertThat(lc.holdsBack(book)).isTrue();
        lc.admit(book, c);
        assertThat(lc.holdsBack(book)).isFalse();

        // norms 1e30, 5, 10: median 10, bound 50; samples 1e6, 100, 300: median 300, cap 1200
        assertThat(lc.bound(book, huge.values, huge.numSamples)).isEqualTo(1200.0);
        assertThat(huge.values[1]).isCloseTo(50f, within(1e-4f));
        assertThat(lc.bound(book, a.values, a.numSamples)).isEqualTo(100.0);
        assertThat(lc.bound(book, c.values, c.numSamples)).isEqualTo(300.0);
        assertThat(a.values).containsExactly(vec(3f, 4f));

        RoundSummary s = lc.close(book, MODEL, 10, () -> List.of("a", "b", "c"));
        assertThat(s.normClipped).isOne();
        assertThat(s.weightCapped).isOne();
        assertThat(s.normBound).isEqualTo(50.0);
        assertThat(s.weightCap).isEqualTo(1200.0);
        assertThat(book.normClipped).isZero();
        assertThat(book.bounds.norms.toArray()).containsExactly((double) 1e30f, 5, 10);
    }

    @Test
    void aSecondUpdateOfTheSameClientIsADuplicate() throws Exception {
        RoundLifecycle lc = lifecycle(3, 2, 0);
        RoundBook book = roundOne(lc);

        assertThat(lc.check(book, validated("a", 1, 30, vec(1f)), true).reason())
                .isEqualTo(ReasonCode.DUPLICATE);
    }

    @Test
    void aRefusalAnswersTheOpenRoundOnlyForASelectedClientThatHasNotAnswered() throws Exception {
        RoundLifecycle lc = lifecycle(3, 2, 0);
        RoundBook book = roundOne(lc);
        String bad = ReasonCode.NON_FINITE.name();

        assertThat(lc.refusalAnswers(book, "a", 1, bad, false)).isTrue();
        assertThat(lc.refusalAnswers(book, "a", 1, bad, true)).isFalse();
        assertThat(lc.refusalAnswers(book, "z", 1, bad, false)).isFalse(); // not selected
        assertThat(lc.refusalAnswers(book, "a", 2, bad, false)).isFalse(); // other round
        assertThat(lc.refusalAnswers(book, "a", 1, ReasonCode.DUPLICATE.name(), false)).isFalse();
    }

    @Test
    void theLastRoundFinishesTrainingWithoutReadingTheAliveClients() throws Exception {
        RoundLifecycle lc = lifecycle(1, 2, 0);
        RoundBook book = roundOne(lc);

        RoundSummary s =
                lc.close(
                        book,
                        MODEL,
                        2_000,
                        () -> {
                            throw new AssertionError("alive clients read for a final round");
                        });

        assertThat(s.round).isEqualTo(1);
        assertThat(s.finalRound).isTrue();
        assertThat(s.stopReason).isEqualTo("completed 1 rounds");
        assertThat(s.nextSelected).isEmpty();
        assertThat(s.privacySpent).isNull();
        assertThat(book.finished).isTrue();
        assertThat(lc.check(book, validated("a", 1, 30, vec(1f)), false).reason())
                .isEqualTo(ReasonCode.TRAINING_COMPLETE);
    }
}
