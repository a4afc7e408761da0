package io.fedstream.job.operators;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.aggregation.ParameterShards;
import io.fedstream.job.clientmanager.selection.ClientSampler;
import io.fedstream.job.clientmanager.selection.PoissonSampler;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.privacy.AdaptiveClipping;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.privacy.KeyedGaussianNoise;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.round.Rejection;
import io.fedstream.job.round.RoundBook;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.privacy.L2Clip;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rounds of one model (keyed by model id): tracks which clients are alive, selects the
 * clients of each round, admits their updates (one per selected client, right round and base
 * version), fans each admitted update out to the parameter-range shards, and closes the round on
 * quorum or at its deadline by sending every shard a close marker with the round's summary.
 *
 * <p>Because one keyed instance decides membership and every shard receives that instance's output
 * in order, all shards aggregate exactly the same set of updates. Round state lives in keyed state
 * ({@link RoundBook}, accepted clients, liveness), so a restored job resumes the round it was in;
 * the deadline is a processing-time timer so silent clients cannot stall a round.
 */
public class RoundCoordinator
        extends KeyedCoProcessFunction<String, ValidatedUpdate, ControlEvent, ShardWork> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RoundCoordinator.class);

    /** How often the bootstrap checks whether enough clients are alive to start. */
    static final long START_CHECK_MS = 500;

    private final JobConfig config;
    private final int[] shardKeys;
    private final DpPlan dp;
    private final byte[] noiseKey;
    private transient ParameterShards shards;
    private transient double normBound;
    private transient KeyedGaussianNoise noise;
    private transient double[] rdpPerRound;
    private transient long samplingSeed;
    private transient DeadLetters deadLetters;
    private transient ValueState<RoundBook> bookState;
    private transient ValueState<Long> timerState;
    private transient MapState<String, Long> lastSeen;
    private transient MapState<String, Boolean> accepted;
    private transient Counter acceptedCounter;
    private transient Counter lateCounter;
    private transient Map<ReasonCode, Counter> rejectedCounters;

    public RoundCoordinator(JobConfig config, int[] shardKeys) {
        this(config, shardKeys, DpPlan.of(config), null);
    }

    /**
     * @param noiseKey secret of the DP noise (the clipped-count release); required when DP is on
     */
    public RoundCoordinator(JobConfig config, int[] shardKeys, DpPlan dp, byte[] noiseKey) {
        if (dp.enabled && noiseKey == null) {
            throw new IllegalArgumentException("DP is on but no noise key was given");
        }
        this.config = config;
        this.shardKeys = shardKeys.clone();
        this.dp = dp;
        this.noiseKey = noiseKey == null ? null : noiseKey.clone();
    }

    @Override
    public void open(OpenContext openContext) {
        shards = new ParameterShards(config.modelSpec().numParameters(), shardKeys.length);
        deadLetters = new DeadLetters(config.get(KafkaOptions.TOPIC_DEAD_LETTER));
        normBound = config.get(AggregationOptions.NORM_BOUND);
        bookState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("round-book", RoundBook.class));
        timerState = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        lastSeen =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("last-seen", Types.STRING, Types.LONG));
        accepted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("accepted", Types.STRING, Types.BOOLEAN));
        acceptedCounter = getRuntimeContext().getMetricGroup().counter("updatesAccepted");
        lateCounter = getRuntimeContext().getMetricGroup().counter("updatesLate");
        rejectedCounters = new HashMap<>();
        if (dp.enabled) {
            noise = new KeyedGaussianNoise(noiseKey);
            rdpPerRound = dp.rdpPerRound();
            // Privacy amplification by sampling assumes participation is hidden: derive the
            // sampling seed from the secret key, not from the public --seed.
            samplingSeed = KeyedGaussianNoise.deriveSeed(noiseKey, "poisson-sampling");
        } else {
            samplingSeed = config.get(RoundOptions.SEED);
        }
    }

    @Override
    public void processElement1(ValidatedUpdate u, Context ctx, Collector<ShardWork> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        RoundBook book = bookState.value();
        boolean persisted = book != null;
        if (book == null) {
            book = RoundBook.bootstrap(now, dp.initialClip);
        }
        Rejection rejection = book.admit(u, accepted.contains(u.clientId));
        if (rejection != null) {
            book.countRejection(rejection.reason());
            counter(rejection.reason()).inc();
            if (rejection.reason() == ReasonCode.STALE_ROUND) {
                lateCounter.inc();
                LOG.info(
                        "late update from {} for round {} (open round {})",
                        u.clientId,
                        u.round,
                        book.round);
                ctx.output(Tags.LATE_UPDATES, deadLetters.of(u.raw, rejection, now));
            } else {
                ctx.output(Tags.DEAD_LETTERS, deadLetters.of(u.raw, rejection, now));
            }
            if (persisted) {
                bookState.update(book);
            }
            return;
        }
        accepted.put(u.clientId, true);
        book.accept(u, u.raw.wireBytes());
        acceptedCounter.inc();
        double weight = u.numSamples;
        if (dp.enabled) {
            // DP-FedAvg: clip to the round's norm bound and weight uniformly (see DpPlan).
            // L2Clip checks the bound on the float values after rounding (no ulp overshoot).
            // For a sparse update the norm of its kept values is the norm of the whole vector.
            if (L2Clip.clipInPlace(u.values, book.clip) == 1.0) {
                book.unclipped++;
            }
            weight = 1.0;
        }
        if (normBound > 0) {
            // --norm-bound: clip to M before the rule (after the DP clip when DP is on); only here
            // is the whole vector at hand.
            L2Clip.clipInPlace(u.values, normBound);
        }
        for (int s = 0; s < shardKeys.length; s++) {
            if (u.indices == null) {
                out.collect(
                        ShardWork.slice(
                                shardKeys[s], s, u.round, weight, shards.slice(u.values, s)));
            } else {
                // Sparse updates stay sparse all the way into the shard's accumulator.
                ParameterShards.SparseSlice part = shards.sparseSlice(u.indices, u.values, s);
                out.collect(
                        ShardWork.sparseSlice(
                                shardKeys[s], s, u.round, weight, part.offsets(), part.values()));
            }
        }
        if (book.quorumReached()) {
            closeRound(book, now, ctx, out);
        }
        bookState.update(book);
    }

    @Override
    public void processElement2(ControlEvent e, Context ctx, Collector<ShardWork> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        RoundBook book = bookState.value();
        if (e.kind == ControlEvent.Kind.HEARTBEAT) {
            lastSeen.put(e.clientId, now);
            if (book == null) {
                book = RoundBook.bootstrap(now, dp.initialClip);
                schedule(ctx, now + START_CHECK_MS);
                bookState.update(book);
                LOG.info(
                        "model {}: first client {} registered; waiting for {} alive clients",
                        ctx.getCurrentKey(),
                        e.clientId,
                        config.minClients());
            }
        } else if (book != null) {
            book.countRejection(ReasonCode.valueOf(e.reason));
            // A guard DUPLICATE never counts as an answer: the client's first update for the round
            // was judged before it and, if passed, is still on its way here on the other input
            // (the two inputs are not ordered with respect to each other). Counting it would
            // refuse that first update as a DUPLICATE, or close the round without it.
            if (!book.finished
                    && e.round == book.round
                    && !ReasonCode.DUPLICATE.name().equals(e.reason)
                    && book.isSelected(e.clientId)
                    && !accepted.contains(e.clientId)) {
                // A selected client whose update was refused has answered: mark it so a later
                // update is a DUPLICATE, and close the round without waiting for its deadline.
                accepted.put(e.clientId, false);
                book.refused++;
                if (book.quorumReached()) {
                    closeRound(book, now, ctx, out);
                }
            }
            bookState.update(book);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShardWork> out)
            throws Exception {
        Long pending = timerState.value();
        RoundBook book = bookState.value();
        if (pending == null || pending != timestamp || book == null || book.finished) {
            return;
        }
        timerState.clear();
        if (book.round == 0) {
            int alive = aliveClients(timestamp).size();
            if (alive < config.minClients()) {
                schedule(ctx, timestamp + START_CHECK_MS);
                return;
            }
        } else {
            LOG.info(
                    "round {} deadline: {} of {} selected clients answered",
                    book.round,
                    book.participants,
                    book.selected.length);
        }
        closeRound(book, timestamp, ctx, out);
        bookState.update(book);
    }

    private void closeRound(RoundBook book, long now, Context ctx, Collector<ShardWork> out)
            throws Exception {
        Long pending = timerState.value();
        if (pending != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
            timerState.clear();
        }
        String model = ctx.getCurrentKey();
        boolean privateRound = dp.enabled && book.round >= 1;
        if (privateRound) {
            book.ledger.addStep(rdpPerRound);
        }
        boolean finalRound = book.round >= config.get(RoundOptions.NUM_ROUNDS);
        String stopReason = finalRound ? "completed " + book.round + " rounds" : null;
        if (!finalRound
                && dp.enabled
                && book.ledger.epsilonAfterStep(rdpPerRound, dp.delta) > dp.budget) {
            finalRound = true;
            stopReason =
                    String.format(
                            Locale.ROOT,
                            "privacy budget: round %d would spend epsilon %.4f > budget %.4f (delta %.1e)",
                            book.round + 1,
                            book.ledger.epsilonAfterStep(rdpPerRound, dp.delta),
                            dp.budget,
                            dp.delta);
            LOG.warn("model {}: stopping after round {}: {}", model, book.round, stopReason);
        }
        double clipUsed = book.clip;
        double noiseStd = privateRound ? dp.updateNoiseMultiplier * clipUsed : 0;
        if (privateRound && dp.adaptiveClip) {
            double[] countNoise = new double[1];
            noise.addNoise(model, book.round, "clipped-count", 0, dp.clippedCountStd, countNoise);
            double fraction =
                    AdaptiveClipping.noisyFraction(
                            book.unclipped, book.participants, countNoise[0], dp.expectedClients);
            book.clip =
                    AdaptiveClipping.nextClip(
                            book.clip, fraction, dp.targetQuantile, dp.clipLearningRate);
        }
        List<String> next = List.of();
        if (!finalRound) {
            long nextRound = book.round + 1;
            long seed = samplingSeed;
            next =
                    dp.enabled
                            ? PoissonSampler.sample(
                                    aliveClients(now), dp.samplingRate, seed, nextRound)
                            : ClientSampler.sample(
                                    aliveClients(now),
                                    config.get(RoundOptions.CLIENTS_PER_ROUND),
                                    seed,
                                    nextRound);
        }
        long deadline = now + config.get(RoundOptions.ROUND_TIMEOUT).toMillis();
        RoundSummary summary = book.closeAndAdvance(model, now, next, deadline, finalRound);
        summary.noiseStd = noiseStd;
        summary.expectedClients = dp.expectedClients;
        summary.clip = clipUsed;
        summary.privacySpent = dp.enabled ? book.ledger.epsilon(dp.delta) : null;
        summary.stopReason = stopReason;
        for (int s = 0; s < shardKeys.length; s++) {
            out.collect(ShardWork.close(shardKeys[s], s, summary));
        }
        accepted.clear();
        if (!finalRound) {
            schedule(ctx, deadline);
        }
        LOG.info(
                "round {} closed: {} participants of {} selected; next round {} selects {}",
                summary.round,
                summary.participants,
                summary.selected,
                finalRound ? "-" : String.valueOf(book.round),
                next.size());
    }

    private void schedule(Context ctx, long at) throws Exception {
        ctx.timerService().registerProcessingTimeTimer(at);
        timerState.update(at);
    }

    /** Clients heard from within the alive timeout; forgets the others. */
    private List<String> aliveClients(long now) throws Exception {
        long horizon = now - config.get(RoundOptions.CLIENT_ALIVE_TIMEOUT).toMillis();
        List<String> alive = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> it = lastSeen.iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() >= horizon) {
                alive.add(entry.getKey());
            } else {
                it.remove();
            }
        }
        return alive;
    }

    private Counter counter(ReasonCode reason) {
        return rejectedCounters.computeIfAbsent(
                reason,
                r -> getRuntimeContext().getMetricGroup().addGroup("rejected").counter(r.name()));
    }
}
