package io.fedstream.job.round;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.privacy.Membership;
import io.fedstream.job.privacy.PrivacyLedger;
import io.fedstream.job.safety.UpdateBounds;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.Arrays;
import java.util.List;

/**
 * The coordinator's record of the open round of one model: its number, selected clients, deadline
 * and running counts. A plain value kept in keyed state; all round rules live here so they can be
 * tested without Flink.
 *
 * <p>Round 0 is the bootstrap: it opens when the first client registers and closes, with no
 * updates, once enough clients are alive; closing it publishes the seeded initial model.
 */
public class RoundBook {
    public long round;
    public boolean finished;
    public long openedAt;
    public long deadline;

    /** Sorted client ids selected for {@link #round}. */
    public String[] selected = new String[0];

    public int participants;

    /**
     * Ids of the admitted clients of the open round, the first {@link #participants} entries (the
     * array grows by doubling); null in a book restored from before it existed.
     */
    public String[] members = new String[0];

    /**
     * Selected clients whose update for this round was refused (e.g. by the client guard): they
     * answered, so the round need not wait for its deadline on their account.
     */
    public int refused;

    public long totalSamples;
    public double weightedLossSum;
    public long bytesUp;

    /** What the accepted updates would have weighed with dense deltas. */
    public long bytesUpDense;

    public long[] rejected = new long[ReasonCode.values().length];

    /** DP: the clip norm of the open round, and how many accepted updates were within it. */
    public double clip;

    public int unclipped;

    /** DP: privacy spent by the rounds released so far. */
    public PrivacyLedger ledger = new PrivacyLedger();

    /**
     * Norms and claimed samples of the last admitted updates, across rounds (see {@link
     * UpdateBounds}); null until the first update, and in books restored from before it existed.
     */
    public UpdateBounds.Window bounds;

    /** Accepted updates of the open round scaled down by the norm bound. */
    public int normClipped;

    /** Accepted updates of the open round whose weight the weight cap lowered. */
    public int weightCapped;

    public RoundBook() {}

    /** A book for model bootstrap: round 0 open since {@code now}. */
    public static RoundBook bootstrap(long now) {
        return bootstrap(now, 0);
    }

    /** A book for model bootstrap with the initial DP clip norm. */
    public static RoundBook bootstrap(long now, double clip) {
        RoundBook book = new RoundBook();
        book.openedAt = now;
        book.clip = clip;
        return book;
    }

    /**
     * Decides whether {@code u} may join the open round.
     *
     * @param alreadyAccepted whether this client already has an accepted update in the round
     * @return null to accept, else the rejection
     */
    public Rejection admit(ValidatedUpdate u, boolean alreadyAccepted) {
        if (finished) {
            return reject(
                    u, ReasonCode.TRAINING_COMPLETE, "training finished after round " + round);
        }
        if (u.round < round) {
            return reject(
                    u,
                    ReasonCode.STALE_ROUND,
                    "round " + u.round + " is closed; open round is " + round);
        }
        if (u.round > round || round == 0) {
            return reject(
                    u,
                    ReasonCode.FUTURE_ROUND,
                    "round " + u.round + " is not open; open round is " + round);
        }
        if (u.baseVersion != round - 1) {
            return reject(
                    u,
                    ReasonCode.BASE_VERSION_MISMATCH,
                    "base_version " + u.baseVersion + " vs " + (round - 1) + " for round " + round);
        }
        if (Arrays.binarySearch(selected, u.clientId) < 0) {
            return reject(
                    u,
                    ReasonCode.NOT_SELECTED,
                    "client " + u.clientId + " is not selected for round " + round);
        }
        if (alreadyAccepted) {
            return reject(
                    u,
                    ReasonCode.DUPLICATE,
                    "client " + u.clientId + " already has an update in round " + round);
        }
        return null;
    }

    private static Rejection reject(ValidatedUpdate u, ReasonCode reason, String detail) {
        return new Rejection(reason, detail, u.clientId, u.round);
    }

    public void accept(ValidatedUpdate u, int wireBytes) {
        if (members == null || members.length < participants) {
            // a book restored from before members existed: its earlier admissions are unknown
            members = new String[Math.max(4, participants)];
            Arrays.fill(members, 0, participants, "");
        }
        if (members.length == participants) {
            members = Arrays.copyOf(members, Math.max(4, 2 * participants));
        }
        members[participants] = u.clientId;
        participants++;
        totalSamples += u.numSamples;
        weightedLossSum += u.numSamples * u.trainingLoss;
        bytesUp += wireBytes;
        bytesUpDense += u.denseWireBytes > 0 ? u.denseWireBytes : wireBytes;
    }

    /** The digest of the open round's admitted clients ({@link Membership}). */
    public String membershipDigest() {
        return Membership.digest(members == null ? new String[0] : members, participants);
    }

    /** Whether {@code clientId} is selected for the open round. */
    public boolean isSelected(String clientId) {
        return Arrays.binarySearch(selected, clientId) >= 0;
    }

    public void countRejection(ReasonCode reason) {
        if (reason.ordinal() >= rejected.length) {
            // A book restored from a savepoint taken before this reason code existed.
            rejected = Arrays.copyOf(rejected, ReasonCode.values().length);
        }
        rejected[reason.ordinal()]++;
    }

    /** The round has every update it can get: all selected clients answered. */
    public boolean quorumReached() {
        return round > 0 && selected.length > 0 && participants + refused >= selected.length;
    }

    /**
     * Closes the open round and opens the next one (unless {@code finalRound}).
     *
     * @return the summary of the closed round, including the plan of the next
     */
    public RoundSummary closeAndAdvance(
            String modelId,
            long now,
            List<String> nextSelected,
            long nextDeadline,
            boolean finalRound) {
        RoundSummary s = new RoundSummary();
        s.modelId = modelId;
        s.round = round;
        s.participants = participants;
        s.selected = selected.length;
        s.totalSamples = totalSamples;
        s.weightedLossSum = weightedLossSum;
        s.bytesUp = bytesUp;
        s.bytesUpDense = bytesUpDense;
        s.rejected = rejected.clone();
        s.normClipped = normClipped;
        s.weightCapped = weightCapped;
        s.openedAt = openedAt;
        s.closedAt = now;
        s.finalRound = finalRound;
        s.nextSelected = finalRound ? new String[0] : nextSelected.toArray(new String[0]);
        s.nextDeadline = finalRound ? 0 : nextDeadline;
        s.membershipDigest = membershipDigest();

        participants = 0;
        members = new String[0];
        refused = 0;
        totalSamples = 0;
        weightedLossSum = 0;
        bytesUp = 0;
        bytesUpDense = 0;
        rejected = new long[ReasonCode.values().length];
        unclipped = 0;
        normClipped = 0;
        weightCapped = 0;
        openedAt = now;
        if (finalRound) {
            finished = true;
            selected = new String[0];
            deadline = 0;
        } else {
            round++;
            selected = s.nextSelected.clone();
            Arrays.sort(selected);
            deadline = nextDeadline;
        }
        return s;
    }
}
