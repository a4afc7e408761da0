package io.fedstream.job.round;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.clientmanager.selection.ClientSampler;
import io.fedstream.job.clientmanager.selection.ClientSelection;
import io.fedstream.job.clientmanager.selection.PoissonSampler;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.privacy.RoundPrivacy;
import io.fedstream.job.safety.UpdateBounds;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.privacy.L2Clip;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of a model's round lifecycle, on a {@link RoundBook}: when round 1 may start, which
 * updates join the open round, how far each may move the model and with what weight ({@link
 * UpdateBounds}), when a refusal counts as an answer, and what closing a round releases (the
 * summary, the next round's clients and deadline, the privacy accounting). Plain Java: the round
 * coordinator operator keeps the book in keyed state, owns the timers and routes events here.
 */
public final class RoundLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RoundLifecycle.class);

    /** The alive clients, read only when a next round is planned (reading prunes the registry). */
    @FunctionalInterface
    public interface Candidates {
        List<String> get() throws Exception;
    }

    private final int numRounds;
    private final long roundTimeoutMs;
    private final int minClients;
    private final UpdateBounds bounds;
    private final RoundPrivacy privacy;
    private final ClientSelection selection;

    public RoundLifecycle(
            int numRounds,
            long roundTimeoutMs,
            int minClients,
            UpdateBounds bounds,
            RoundPrivacy privacy,
            ClientSelection selection) {
        this.numRounds = numRounds;
        this.roundTimeoutMs = roundTimeoutMs;
        this.minClients = minClients;
        this.bounds = bounds;
        this.privacy = privacy;
        this.selection = selection;
    }

    /**
     * The lifecycle the job options describe: Poisson sampling with the secret seed under DP,
     * seeded uniform sampling of {@code clients-per-round} otherwise.
     */
    public static RoundLifecycle of(JobConfig config, DpPlan dp, byte[] noiseKey) {
        RoundPrivacy privacy = new RoundPrivacy(dp, noiseKey, config.get(RoundOptions.SEED));
        ClientSelection selection =
                dp.enabled
                        ? new PoissonSampler(dp.samplingRate, privacy.samplingSeed())
                        : new ClientSampler(
                                config.get(RoundOptions.CLIENTS_PER_ROUND), privacy.samplingSeed());
        return new RoundLifecycle(
                config.get(RoundOptions.NUM_ROUNDS),
                config.get(RoundOptions.ROUND_TIMEOUT).toMillis(),
                config.minClients(),
                UpdateBounds.of(config, dp.enabled),
                privacy,
                selection);
    }

    /** The book of a model heard of for the first time: round 0 (bootstrap) open since now. */
    public RoundBook bootstrap(long now) {
        return RoundBook.bootstrap(now, privacy.plan().initialClip);
    }

    /** Whether enough clients are alive to close the bootstrap round and open round 1. */
    public boolean canStart(int aliveClients) {
        return aliveClients >= minClients;
    }

    public int minClients() {
        return minClients;
    }

    /**
     * Whether {@code u} may join the open round.
     *
     * @param answered whether its client already answered the round
     * @return null to admit, else the rejection
     */
    public Rejection check(RoundBook book, ValidatedUpdate u, boolean answered) {
        return book.admit(u, answered);
    }

    /**
     * Admits {@code u} (after {@link #check} passed): counts it in the book, clips it in place to
     * the DP clip (only here is the whole vector at hand) and records its norm and samples in the
     * book's window of recent updates. {@link #bound} then gives it its norm bound and weight, now,
     * or once the window is warm ({@link #holdsBack}).
     */
    public void admit(RoundBook book, ValidatedUpdate u) {
        book.accept(u, u.raw.wireBytes());
        if (privacy.enabled() && privacy.clip(u.values, book.clip)) {
            book.unclipped++;
        }
        book.bounds = bounds.fit(book.bounds);
        if (bounds.adaptive()) { // a pass over the delta only when the window needs its norm
            bounds.record(book.bounds, L2Clip.norm(u.values), u.numSamples);
        }
    }

    /**
     * Whether admitted updates must be held back rather than bounded now: too few are known yet to
     * take a median of (the first updates of a job).
     */
    public boolean holdsBack(RoundBook book) {
        book.bounds = bounds.fit(book.bounds);
        return bounds.warmingUp(book.bounds);
    }

    /**
     * Clips an admitted update's {@code values} in place to the norm bound and returns its
     * aggregation weight (uniform under DP, else its samples, capped), counting clips and caps in
     * the book.
     */
    public double bound(RoundBook book, float[] values, long numSamples) {
        book.bounds = bounds.fit(book.bounds);
        if (UpdateBounds.clip(values, bounds.normBound(book.bounds))) {
            book.normClipped++;
        }
        double weight = privacy.weight(numSamples);
        double cap = bounds.weightCap(book.bounds);
        if (weight > cap) {
            book.weightCapped++;
            return cap;
        }
        return weight;
    }

    /**
     * Whether a refusal of {@code clientId}'s update (by the validator or the guard, for {@code
     * round}) answers the open round, so the round need not wait for that client's deadline.
     *
     * <p>A guard DUPLICATE never counts: the client's first update for the round was judged before
     * it and, if passed, is still on its way to the coordinator on the other input (the two inputs
     * are not ordered with respect to each other). Counting it would refuse that first update as a
     * DUPLICATE, or close the round without it.
     */
    public boolean refusalAnswers(
            RoundBook book, String clientId, long round, String reason, boolean answered) {
        return !book.finished
                && round == book.round
                && !ReasonCode.DUPLICATE.name().equals(reason)
                && book.isSelected(clientId)
                && !answered;
    }

    /**
     * Closes the open round at {@code now} and opens the next one, unless this was the last round
     * or the privacy budget does not allow another.
     *
     * @return the closed round's summary, with the next round's clients and deadline
     */
    public RoundSummary close(RoundBook book, String model, long now, Candidates alive)
            throws Exception {
        boolean finalRound = book.round >= numRounds;
        String stopReason = finalRound ? "completed " + book.round + " rounds" : null;
        RoundPrivacy.Closing p =
                privacy.close(
                        model,
                        book.round,
                        book.ledger,
                        book.clip,
                        book.unclipped,
                        book.participants,
                        book.membershipDigest(),
                        finalRound);
        if (p.budgetStop() != null) {
            finalRound = true;
            stopReason = p.budgetStop();
            LOG.warn("model {}: stopping after round {}: {}", model, book.round, stopReason);
        }
        book.clip = p.nextClip();
        book.bounds = bounds.fit(book.bounds);
        double normBound = bounds.normBound(book.bounds);
        double weightCap = bounds.weightCap(book.bounds);
        List<String> next = finalRound ? List.of() : selection.select(alive.get(), book.round + 1);
        long deadline = now + roundTimeoutMs;
        RoundSummary summary = book.closeAndAdvance(model, now, next, deadline, finalRound);
        summary.noiseStd = p.noiseStd();
        summary.expectedClients = privacy.plan().expectedClients;
        summary.clip = p.clipUsed();
        summary.privacySpent = p.privacySpent();
        summary.stopReason = stopReason;
        summary.normBound = Double.isInfinite(normBound) ? null : normBound;
        summary.weightCap = Double.isInfinite(weightCap) ? null : weightCap;
        return summary;
    }
}
