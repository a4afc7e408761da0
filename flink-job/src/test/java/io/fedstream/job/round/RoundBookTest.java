package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundBookTest {

    private static ValidatedUpdate update(
            String client, long round, long base, long samples, double loss) {
        ValidatedUpdate u = new ValidatedUpdate();
        u.clientId = client;
        u.round = round;
        u.baseVersion = base;
        u.numSamples = samples;
        u.trainingLoss = loss;
        return u;
    }

    /** A book with round 1 open for clients a and b. */
    private static RoundBook roundOneOpen() {
        RoundBook book = RoundBook.bootstrap(0);
        book.closeAndAdvance("m", 10, List.of("b", "a"), 1_000, false);
        return book;
    }

    @Test
    void theSummaryCarriesTheDigestOfTheAdmittedClientsWhateverTheirOrder() {
        // python: sha256(pack('>i', 2) + pack('>i', 1) + b'a' + pack('>i', 1) + b'b')
        String ab = "db7fb0036791c3990525f0aed7da93d891a51b27338e8a4e6efaff18960f7012";
        RoundBook book = roundOneOpen();
        book.accept(update("b", 1, 0, 5, 1), 10);
        book.accept(update("a", 1, 0, 5, 1), 10);
        assertThat(book.membershipDigest()).isEqualTo(ab);
        RoundSummary s = book.closeAndAdvance("m", 20, List.of("a", "b", "c"), 2_000, false);
        assertThat(s.membershipDigest).isEqualTo(ab);
        // the next round starts empty and grows past the initial capacity
        for (String c : List.of("c", "a", "b", "d", "e")) {
            book.accept(update(c, 2, 1, 5, 1), 10);
        }
        assertThat(book.membershipDigest())
                .isEqualTo(
                        io.fedstream.job.privacy.Membership.digest(
                                new String[] {"a", "b", "c", "d", "e"}, 5));
    }

    @Test
    void aBookRestoredFromBeforeMembersExistedKeepsCountingWithoutFailing() {
        RoundBook book = roundOneOpen();
        book.accept(update("a", 1, 0, 5, 1), 10);
        book.members = null; // as the POJO serializer restores an older book
        book.accept(update("b", 1, 0, 5, 1), 10);
        assertThat(book.participants).isEqualTo(2);
        assertThat(book.closeAndAdvance("m", 20, List.of("a"), 2_000, false).membershipDigest)
                .isEqualTo(io.fedstream.job.privacy.Membership.digest(new String[] {"", "b"}, 2));
    }

    @Test
    void bootstrapRejectsEveryUpdateAsFuture() {
        RoundBook book = RoundBook.bootstrap(0);
        assertThat(book.admit(update("a", 1, 0, 5, 1), false).reason())
                .isEqualTo(ReasonCode.FUTURE_ROUND);
    }

    @Test
    void admitsOnlySelectedClientsOncePerRoundWithTheRightBase() {
        RoundBook book = roundOneOpen();
        assertThat(book.admit(update("a", 1, 0, 5, 1), false)).isNull();
        assertThat(book.admit(update("a", 1, 0, 5, 1), true).reason())
                .isEqualTo(ReasonCode.DUPLICATE);
        assertThat(book.admit(update("z", 1, 0, 5, 1), false).reason())
                .isEqualTo(ReasonCode.NOT_SELECTED);
        assertThat(book.admit(update("a", 2, 1, 5, 1), false).reason())
                .isEqualTo(ReasonCode.FUTURE_ROUND);
        assertThat(book.admit(update("a", 1, 3, 5, 1), false).reason())
                .isEqualTo(ReasonCode.BASE_VERSION_MISMATCH);
        assertThat(book.admit(update("a", 1, 3, 5, 1), false).detail())
                .isEqualTo("base_version 3 vs 0 for round 1");
    }

    @Test
    void closedRoundsRejectTheirUpdatesAsStale() {
        RoundBook book = roundOneOpen();
        book.closeAndAdvance("m", 20, List.of("a"), 2_000, false);
        assertThat(book.round).isEqualTo(2);
        Rejection r = book.admit(update("a", 1, 0, 5, 1), false);
        assertThat(r.reason()).isEqualTo(ReasonCode.STALE_ROUND);
        assertThat(r.detail()).isEqualTo("round 1 is closed; open round is 2");
    }

    @Test
    void quorumWhenEverySelectedClientAnswered() {
        RoundBook book = roundOneOpen();
        book.accept(update("a", 1, 0, 10, 2.0), 100);
        assertThat(book.quorumReached()).isFalse();
        book.accept(update("b", 1, 0, 30, 1.0), 120);
        assertThat(book.quorumReached()).isTrue();
    }

    @Test
    void summaryCarriesCountsAndTheNextPlanAndResetsTheBook() {
        RoundBook book = roundOneOpen();
        book.accept(update("a", 1, 0, 10, 2.0), 100);
        book.accept(update("b", 1, 0, 30, 1.0), 120);
        book.countRejection(ReasonCode.NON_FINITE);
        book.countRejection(ReasonCode.NON_FINITE);
        RoundSummary s = book.closeAndAdvance("m", 50, List.of("c"), 5_000, false);

        assertThat(s.round).isEqualTo(1);
        assertThat(s.participants).isEqualTo(2);
        assertThat(s.selected).isEqualTo(2);
        assertThat(s.totalSamples).isEqualTo(40);
        // (10 * 2.0 + 30 * 1.0) / 40 = 1.25
        assertThat(s.trainLoss()).isEqualTo(1.25);
        assertThat(s.bytesUp).isEqualTo(220);
        assertThat(s.rejected[ReasonCode.NON_FINITE.ordinal()]).isEqualTo(2);
        assertThat(s.openedAt).isEqualTo(10);
        assertThat(s.closedAt).isEqualTo(50);
        assertThat(s.nextSelected).containsExactly("c");

        assertThat(book.round).isEqualTo(2);
        assertThat(book.participants).isZero();
        assertThat(book.rejected).containsOnly(0L);
        assertThat(book.deadline).isEqualTo(5_000);
    }

    @Test
    void finalRoundFinishesTraining() {
        RoundBook book = roundOneOpen();
        RoundSummary s = book.closeAndAdvance("m", 50, List.of("a"), 5_000, true);
        assertThat(s.finalRound).isTrue();
        assertThat(s.nextSelected).isEmpty();
        assertThat(book.finished).isTrue();
        assertThat(book.admit(update("a", 1, 0, 5, 1), false).reason())
                .isEqualTo(ReasonCode.TRAINING_COMPLETE);
    }
}
