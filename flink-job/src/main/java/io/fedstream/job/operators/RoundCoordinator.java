package io.fedstream.job.operators;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.aggregation.ParameterShards;
import io.fedstream.job.clientmanager.ClientMonitor;
import io.fedstream.job.clientmanager.ClientRegistry;
import io.fedstream.job.clientmanager.Liveness;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.kafka.KafkaEndpoints;
import io.fedstream.job.kafka.LogClock;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.privacy.NoiseKeys;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.round.RoundBook;
import io.fedstream.job.round.RoundLifecycle;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.PendingEvent;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.RoundSummary;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
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
 * <p>The operator is thin: it keeps the state and the timers and routes every event to plain
 * classes that hold the decisions — {@link RoundLifecycle} (admission, weights, clipping, closing,
 * privacy accounting, selection) and {@link Liveness} over the client registry.
 *
 * <p>The first updates of a job are held back until enough norms are known to bound them ({@link
 * AdmittedUpdates}); every later update is bounded and sent when it is admitted.
 *
 * <p>Because one keyed instance decides membership and every shard receives that instance's output
 * in order, all shards aggregate exactly the same set of updates. Round state lives in keyed state
 * ({@link RoundBook}, accepted clients, liveness), so a restored job resumes the round it was in.
 *
 * <p><b>Log time.</b> Every decision is a function of the input log (docs/fault-tolerance.md): time
 * is the records' broker timestamps, an event is decided once both inputs' watermarks pass it, in
 * {@link PendingEvent#LOG_ORDER} within an instant ({@link LogOrder}), and deadlines, the start
 * check, liveness and pruning are event-time timers; the log clock's ticks ({@code LogClock}) keep
 * event time moving while no client writes, so silent clients cannot stall a round.
 *
 * <p>The registry is bounded: at most {@code max-registered-clients} clients (a new one beyond
 * evicts the least recently heard), pruned of clients silent for longer than the alive timeout on a
 * second timer every alive timeout, in every phase including after the final round. Heartbeats
 * reach it rate-limited per client by {@link LimitHeartbeats}.
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
    private transient NoiseKeyCheck noiseKeyCheck;
    private transient ShardFanOut fanOut;
    private transient RoundLifecycle lifecycle;
    private transient Liveness liveness;
    private transient ClientRegistry registry;
    private transient DeadLetters deadLetters;
    private transient ValueState<RoundBook> bookState;
    private transient ValueState<Long> timerState;
    private transient ValueState<Long> pruneState;
    private transient MapState<String, Boolean> accepted;
    private transient AdmittedUpdates admitted;
    private transient LogOrder pending;
    private transient ClientMonitor monitor;
    private transient LogClock clock;

    public RoundCoordinator(JobConfig config, int[] shardKeys) {
        this(config, shardKeys, DpPlan.of(config));
    }

    /** With DP, the noise key is read from {@code --dp-key-file} in {@link #open}. */
    public RoundCoordinator(JobConfig config, int[] shardKeys, DpPlan dp) {
        this.config = config;
        this.shardKeys = shardKeys.clone();
        this.dp = dp;
    }

    @Override
    public void open(OpenContext openContext) {
        fanOut =
                new ShardFanOut(
                        shardKeys,
                        new ParameterShards(config.modelSpec().numParameters(), shardKeys.length));
        deadLetters = new DeadLetters(config.get(KafkaOptions.TOPIC_DEAD_LETTER));
        byte[] noiseKey = dp.enabled ? NoiseKeys.read(config) : null;
        noiseKeyCheck = new NoiseKeyCheck(getRuntimeContext(), noiseKey);
        lifecycle = RoundLifecycle.of(config, dp, noiseKey);
        liveness =
                new Liveness(
                        config.get(RoundOptions.CLIENT_ALIVE_TIMEOUT).toMillis(),
                        config.get(RoundOptions.MAX_REGISTERED_CLIENTS));
        bookState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("round-book", RoundBook.class));
        timerState = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        pruneState =
                getRuntimeContext().getState(new ValueStateDescriptor<>("prune-at", Types.LONG));
        registry = MapStateRegistry.in(getRuntimeContext());
        accepted =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("accepted", Types.STRING, Types.BOOLEAN));
        admitted = AdmittedUpdates.in(getRuntimeContext(), lifecycle, fanOut);
        pending = LogOrder.in(getRuntimeContext());
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            clock = KafkaEndpoints.logClock(config); // one clock per job
        }
        monitor = new ClientMonitor();
        monitorGauges(getRuntimeContext().getMetricGroup(), monitor);
    }

    @Override
    public void close() throws Exception {
        if (clock != null) {
            clock.close();
        }
        super.close();
    }

    @Override
    public void processElement1(ValidatedUpdate u, Context ctx, Collector<ShardWork> out)
            throws Exception {
        enqueue(PendingEvent.of(u), ctx, out);
    }

    @Override
    public void processElement2(ControlEvent e, Context ctx, Collector<ShardWork> out)
            throws Exception {
        enqueue(PendingEvent.of(e), ctx, out);
    }

    /**
     * Holds an event until event time passes its timestamp, so that the events of each instant are
     * decided in log order ({@link PendingEvent#LOG_ORDER}), after every event of earlier instants
     * on both inputs. An event at or behind the watermark (a broker clock stepping back) cannot be
     * ordered any more: it is decided at once and counted.
     */
    private void enqueue(PendingEvent p, Context ctx, Collector<ShardWork> out) throws Exception {
        noiseKeyCheck.check();
        long watermark = ctx.timerService().currentWatermark();
        Long ts = ctx.timestamp();
        if (ts == null || ts <= watermark) {
            monitor.lateEvent();
            handle(p, ts == null ? watermark : ts, ctx, out);
            return;
        }
        pending.hold(p, ts, ctx.timerService());
    }

    private void handle(PendingEvent p, long now, Context ctx, Collector<ShardWork> out)
            throws Exception {
        if (p.update != null) {
            onUpdate(p.update, now, ctx, out);
        } else {
            onControl(p.control, now, ctx, out);
        }
    }

    private void onUpdate(ValidatedUpdate u, long now, Context ctx, Collector<ShardWork> out)
            throws Exception {
        RoundBook book = bookState.value();
        boolean persisted = book != null;
        if (book == null) {
            book = lifecycle.bootstrap(now);
        }
        Rejection rejection = lifecycle.check(book, u, accepted.contains(u.clientId));
        if (rejection != null) {
            book.countRejection(rejection.reason());
            monitor.rejected(rejection.reason());
            if (rejection.reason() == ReasonCode.STALE_ROUND) {
                LOG.info(
                        "late update from {} for round {} (open {})",
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
        lifecycle.admit(book, u);
        monitor.accepted();
        admitted.route(book, u, out);
        if (book.quorumReached()) {
            closeRound(book, now, ctx, out);
        }
        bookState.update(book);
    }

    private void onControl(ControlEvent e, long now, Context ctx, Collector<ShardWork> out)
            throws Exception {
        RoundBook book = bookState.value();
        if (e.kind == ControlEvent.Kind.DEREGISTER) {
            registry.remove(e.clientId);
            monitor.registered(registry.size());
            return;
        }
        if (e.kind == ControlEvent.Kind.HEARTBEAT) {
            monitor.evicted(liveness.heard(registry, e.clientId, now));
            if (e.agreementKey != null) {
                registry.putAgreementKey(e.clientId, e.agreementKey);
            }
            monitor.registered(registry.size());
            if (pruneState.value() == null) {
                long at = now + liveness.pruneIntervalMs();
                ctx.timerService().registerEventTimeTimer(at);
                pruneState.update(at);
            }
            if (book == null) {
                book = lifecycle.bootstrap(now);
                schedule(ctx, now + START_CHECK_MS);
                bookState.update(book);
                LOG.info(
                        "model {}: first client {} registered; waiting for {} alive clients",
                        ctx.getCurrentKey(),
                        e.clientId,
                        lifecycle.minClients());
            }
        } else if (book != null) {
            book.countRejection(ReasonCode.valueOf(e.reason));
            if (lifecycle.refusalAnswers(
                    book, e.clientId, e.round, e.reason, accepted.contains(e.clientId))) {
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

    /**
     * Event time reached {@code timestamp}: decides the events of that instant in log order, then
     * prunes the registry and closes the round (deadline, or the bootstrap's start check) if either
     * is due then. A timer that is no longer due (a deadline shared with other events) finds
     * nothing to do.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShardWork> out)
            throws Exception {
        for (PendingEvent p : pending.take(timestamp)) {
            handle(p, timestamp, ctx, out);
        }
        Long pruneAt = pruneState.value();
        if (pruneAt != null && pruneAt == timestamp) {
            prune(timestamp, ctx);
        }
        Long roundTimer = timerState.value();
        RoundBook book = bookState.value();
        if (roundTimer == null || roundTimer != timestamp || book == null || book.finished) {
            return;
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            return; // the input ended (a drained stop), not time: the round stays open
        }
        timerState.clear();
        if (book.round == 0) {
            if (!lifecycle.canStart(alive(timestamp).size())) {
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

    /** Closes the open round at event time {@code now} and sets the next round's deadline. */
    private void closeRound(RoundBook book, long now, Context ctx, Collector<ShardWork> out)
            throws Exception {
        admitted.flush(book, out);
        Long stale = timerState.value();
        if (stale != null && !stale.equals(pruneState.value()) && !pending.holdsAt(stale)) {
            ctx.timerService().deleteEventTimeTimer(stale); // a timer shared with either stays
        }
        timerState.clear();
        RoundSummary summary = lifecycle.close(book, ctx.getCurrentKey(), now, () -> alive(now));
        summary.nextSelectedKeys = new byte[summary.nextSelected.length][];
        for (int i = 0; i < summary.nextSelected.length; i++) {
            summary.nextSelectedKeys[i] = registry.agreementKey(summary.nextSelected[i]);
        }
        fanOut.close(summary, out);
        accepted.clear();
        if (!summary.finalRound) {
            ctx.timerService().registerEventTimeTimer(summary.nextDeadline);
            timerState.update(summary.nextDeadline);
        }
        LOG.info(
                "round {} closed at {}: {} of {} selected answered ({} clipped to {}, {} weights"
                        + " capped at {}); next round selects {}",
                summary.round,
                now,
                summary.participants,
                summary.selected,
                summary.normClipped,
                summary.normBound,
                summary.weightCapped,
                summary.weightCap,
                summary.nextSelected.length);
    }

    /** The alive clients at {@code now} (forgetting the silent ones), as the monitor sees them. */
    private List<String> alive(long now) throws Exception {
        List<String> alive = liveness.alive(registry, now);
        monitor.alive(alive.size());
        monitor.registered(registry.size());
        return alive;
    }

    /**
     * Forgets the clients silent for longer than the alive timeout, in every phase of the job (the
     * rounds only read the alive set when they close, and not at all after the final round), and
     * prunes again one alive timeout later while any client is left.
     */
    private void prune(long now, OnTimerContext ctx) throws Exception {
        int left = liveness.prune(registry, now);
        monitor.alive(left);
        monitor.registered(left);
        if (left > 0) {
            long at = now + liveness.pruneIntervalMs();
            ctx.timerService().registerEventTimeTimer(at);
            pruneState.update(at);
        } else {
            pruneState.clear();
        }
    }

    /** The clients in the registry after the last heartbeat or pruning (what the gauge shows). */
    int registeredClients() {
        return monitor.registeredClients();
    }

    private void schedule(Context ctx, long at) throws Exception {
        ctx.timerService().registerEventTimeTimer(at);
        timerState.update(at);
    }

    private static void monitorGauges(MetricGroup metrics, ClientMonitor monitor) {
        metrics.gauge("updatesAccepted", (Gauge<Long>) monitor::acceptedUpdates);
        metrics.gauge("updatesLate", (Gauge<Long>) monitor::lateUpdates);
        metrics.gauge("clientsAlive", (Gauge<Integer>) monitor::aliveClients);
        metrics.gauge("clientsRegistered", (Gauge<Integer>) monitor::registeredClients);
        metrics.gauge("clientsEvicted", (Gauge<Long>) monitor::evictedClients);
        metrics.gauge("eventsLate", (Gauge<Long>) monitor::lateEvents);
        MetricGroup rejected = metrics.addGroup("rejected");
        for (ReasonCode reason : ReasonCode.values()) {
            rejected.gauge(reason.name(), (Gauge<Long>) () -> monitor.rejectedUpdates(reason));
        }
    }
}
