package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoundCoordinatorHarnessTest {
    private static final int[] SHARD_KEYS = {11, 22};
    private static final long TIMEOUT = 10_000;

    private KeyedTwoInputStreamOperatorTestHarness<String, ValidatedUpdate, ControlEvent, ShardWork>
            harness;
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    static JobConfig config() {
        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 2);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMillis(TIMEOUT));
        // Updates pass on admission; HeldBackUpdatesHarnessTest holds the default warm-up.
        c.set(AggregationOptions.BOUND_WARM_UP, 1);
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(KafkaOptions.LOG_CLOCK_INTERVAL, Duration.ZERO); // no broker here
        return JobConfig.of(c);
    }

    @BeforeEach
    void open() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new RoundCoordinator(config(), SHARD_KEYS),
                        u -> u.modelId,
                        c -> c.modelId,
                        Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Log time: each event is stamped one millisecond after the previous one. */
    private long clock;

    private void send(String client, long round, float value) throws Exception {
        var outcome = validator.validate(raw(update(client, round, 10, filled(value)).build()));
        sendUpdate(outcome.accepted());
    }

    /** Sends {@code u} at the next millisecond of log time and lets event time pass it. */
    private void sendUpdate(ValidatedUpdate u) throws Exception {
        harness.processElement1(new StreamRecord<>(u, ++clock));
        harness.processBothWatermarks(new Watermark(clock));
    }

    /** Sends {@code e} at the next millisecond of log time and lets event time pass it. */
    private void control(ControlEvent e) throws Exception {
        harness.processElement2(new StreamRecord<>(e, ++clock));
        harness.processBothWatermarks(new Watermark(clock));
    }

    /** Event time (both inputs' watermarks) moves to {@code t}. */
    private void advanceTo(long t) throws Exception {
        clock = t;
        harness.processBothWatermarks(new Watermark(t));
    }

    private List<ShardWork> drain() {
        List<ShardWork> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private void startRoundOneWithClientsAAndB() throws Exception {
        control(ControlEvent.heartbeat(MODEL, "a", 10));
        control(ControlEvent.heartbeat(MODEL, "b", 10));
        advanceTo(1 + RoundCoordinator.START_CHECK_MS); // a's heartbeat at 1 opened round 0
        List<ShardWork> out = drain();
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.CLOSE && w.round == 0);
        assertThat(out.get(0).summary.nextSelected).containsExactly("a", "b");
    }

    @Test
    void waitsForEnoughClientsBeforeRoundOne() throws Exception {
        control(ControlEvent.heartbeat(MODEL, "a", 10));
        advanceTo(5 * RoundCoordinator.START_CHECK_MS);
        assertThat(drain()).isEmpty();
        // the next start check, and the registry's prune at the alive timeout
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    }

    @Test
    void fansOutSlicesAndClosesOnQuorumClearingRoundStateAndTimer() throws Exception {
        startRoundOneWithClientsAAndB();
        // round 1's deadline and the registry's prune
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        send("a", 1, 1f);
        List<ShardWork> slices = drain();
        assertThat(slices).extracting(w -> w.shardKey).containsExactly(11, 22);
        assertThat(slices).allMatch(w -> w.kind == ShardWork.Kind.SLICE && w.weight == 10);
        assertThat(slices.get(0).values).hasSize(4).containsOnly(1f);
        // book, last-seen, registered-clients, prune-at, timer, accepted
        assertThat(harness.numKeyedStateEntries()).isEqualTo(6);

        send("b", 1, 3f);
        List<ShardWork> out = drain();
        assertThat(out).hasSize(4);
        ShardWork close = out.get(2);
        assertThat(close.kind).isEqualTo(ShardWork.Kind.CLOSE);
        assertThat(close.summary.round).isEqualTo(1);
        assertThat(close.summary.participants).isEqualTo(2);
        assertThat(close.summary.totalSamples).isEqualTo(20);
        assertThat(close.summary.finalRound).isFalse();

        // The round-1 deadline timer is gone; round 2's deadline and the registry's prune (at the
        // alive timeout, 30 s) remain. Accepted clients are cleared.
        long round1Opened = 1 + RoundCoordinator.START_CHECK_MS;
        long round2Opened = clock;
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);
        advanceTo(round1Opened + TIMEOUT);
        assertThat(drain()).as("round 1's stale deadline").isEmpty();
        advanceTo(round2Opened + TIMEOUT - 1);
        assertThat(drain()).isEmpty();
        advanceTo(round2Opened + TIMEOUT);
        assertThat(drain()).as("round 2's deadline").hasSize(2);
    }

    @Test
    void aSelectedClientRefusedByTheGuardCountsAsAnsweredAndIsCountedInTheMetrics()
            throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        drain();
        control(ControlEvent.rejected(MODEL, "b", "ANOMALOUS_UPDATE", 1));
        List<ShardWork> out = drain();
        // Round 1 closes now, not at its deadline, with a's update only.
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.CLOSE);
        assertThat(out.get(0).summary.round).isEqualTo(1);
        assertThat(out.get(0).summary.participants).isEqualTo(1);
        assertThat(
                        out.get(0)
                                .summary
                                .rejected[io.fedstream.avro.ReasonCode.ANOMALOUS_UPDATE.ordinal()])
                .isEqualTo(1);
    }

    @Test
    void aRefusalForAnotherRoundOrAnUnselectedClientDoesNotCloseTheRound() throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        drain();
        control(ControlEvent.rejected(MODEL, "b", "REPLAYED", 2));
        control(ControlEvent.rejected(MODEL, "z", "QUARANTINED", 1));
        control(ControlEvent.rejected(MODEL, "b", "UNDECODABLE"));
        assertThat(drain()).isEmpty();
        send("b", 1, 3f);
        assertThat(drain()).hasSize(4);
    }

    @Test
    void aGuardDuplicateThatOvertakesTheClientsFirstUpdateDoesNotRefuseThatUpdate()
            throws Exception {
        // The guard passes b's first update and refuses its second as DUPLICATE; the refusal
        // travels on the control input and may arrive first.
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        drain();
        control(ControlEvent.rejected(MODEL, "b", "DUPLICATE", 1));
        assertThat(drain()).as("a DUPLICATE is not an answer: the round stays open").isEmpty();
        send("b", 1, 3f);
        List<ShardWork> out = drain();
        assertThat(out).filteredOn(w -> w.kind == ShardWork.Kind.SLICE).hasSize(2);
        assertThat(out).filteredOn(w -> w.kind == ShardWork.Kind.CLOSE).hasSize(2);
        ShardWork close =
                out.stream().filter(w -> w.kind == ShardWork.Kind.CLOSE).findFirst().orElseThrow();
        assertThat(close.summary.participants).isEqualTo(2);
        assertThat(close.summary.rejected[io.fedstream.avro.ReasonCode.DUPLICATE.ordinal()])
                .isEqualTo(1);
    }

    @Test
    void deadlineClosesTheLastRoundAndThePruneTimerEmptiesTheRegistryAfterIt() throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        send("b", 1, 1f);
        drain();
        long round2Opened = clock; // b's update closed round 1
        send("a", 2, 2f);
        drain();

        advanceTo(round2Opened + TIMEOUT);
        List<ShardWork> out = drain();
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.CLOSE);
        assertThat(out.get(0).summary.round).isEqualTo(2);
        assertThat(out.get(0).summary.participants).isEqualTo(1);
        assertThat(out.get(0).summary.finalRound).isTrue();
        // Only the registry's prune timer remains, with the book, the registry and its count.
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);

        // a and b were heard at 1 and 2; the default alive timeout is 30 s. The prune at 30 001
        // keeps them (a heard exactly one timeout ago), the one at 60 001 forgets them and
        // schedules no other.
        advanceTo(30_001);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        advanceTo(60_001);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the book").isEqualTo(1);
    }

    @Test
    void lateDuplicateAndUnselectedUpdatesAreDeadLetteredWithTheirReason() throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        send("a", 1, 1f); // duplicate
        var outsider = validator.validate(raw(update("z", 1, 10, filled(0)).build())).accepted();
        sendUpdate(outsider);
        send("b", 1, 1f); // closes round 1
        send("a", 1, 1f); // late

        assertThat(reasons(harness.getSideOutput(Tags.DEAD_LETTERS)))
                .containsExactly(ReasonCode.DUPLICATE, ReasonCode.NOT_SELECTED);
        assertThat(reasons(harness.getSideOutput(Tags.LATE_UPDATES)))
                .containsExactly(ReasonCode.STALE_ROUND);
    }

    @Test
    void anUpdateStampedByTheDeadlineCountsEvenIfLaterEventsOfTheOtherInputArriveFirst()
            throws Exception {
        startRoundOneWithClientsAAndB();
        long deadline = 1 + RoundCoordinator.START_CHECK_MS + TIMEOUT;
        send("a", 1, 1f);
        drain();
        // A heartbeat stamped after the deadline arrives first, on the control input; the update
        // input's watermark is still before the deadline, so nothing is decided yet.
        harness.processElement2(
                new StreamRecord<>(ControlEvent.heartbeat(MODEL, "a", 10), deadline + 5));
        harness.processWatermark2(new Watermark(deadline + 5));
        assertThat(drain()).isEmpty();
        // b's update, stamped at the deadline, then arrives and joins the round.
        var b = validator.validate(raw(update("b", 1, 10, filled(3f)).build())).accepted();
        harness.processElement1(new StreamRecord<>(b, deadline));
        harness.processWatermark1(new Watermark(deadline + 5));
        List<ShardWork> out = drain();
        ShardWork close =
                out.stream().filter(w -> w.kind == ShardWork.Kind.CLOSE).findFirst().orElseThrow();
        assertThat(close.summary.participants).isEqualTo(2);
        assertThat(close.summary.closedAt).isEqualTo(deadline);
    }

    @Test
    void theEndOfInputIsNotADeadline() throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        drain();
        advanceTo(Long.MAX_VALUE); // a drained stop, or a bounded test source that ended
        assertThat(drain()).as("round 1 stays open").isEmpty();
    }

    @Test
    void theEventsOfOneInstantAreDecidedInLogOrderWhateverOrderTheyArriveIn() throws Exception {
        List<String> inOrder = roundOneSlicesWhenArriving(false);
        List<String> reversed = roundOneSlicesWhenArriving(true);
        assertThat(reversed).isEqualTo(inOrder).hasSize(6);
        // (topic, partition, offset): b's record at partition 0 comes before a's at partition 1.
        assertThat(inOrder.get(0)).startsWith("SLICE 3.0");
    }

    /** Round 1's output when a (partition 1) and b (partition 0) send at the same instant. */
    private List<String> roundOneSlicesWhenArriving(boolean reversed) throws Exception {
        harness.close();
        open();
        clock = 0;
        startRoundOneWithClientsAAndB();
        drain();
        long t = clock + 1;
        var a = validator.validate(raw(update("a", 1, 10, filled(1f)).build())).accepted();
        var b = validator.validate(raw(update("b", 1, 10, filled(3f)).build())).accepted();
        a.raw.partition = 1;
        b.raw.partition = 0;
        for (ValidatedUpdate u : reversed ? List.of(b, a) : List.of(a, b)) {
            harness.processElement1(new StreamRecord<>(u, t));
        }
        harness.processBothWatermarks(new Watermark(t));
        return drain().stream()
                .map(w -> w.kind + " " + (w.values == null ? "-" : w.values[0]) + " " + w.shardKey)
                .toList();
    }

    private static List<ReasonCode> reasons(
            java.util.Collection<StreamRecord<OutboundRecord>> records) {
        return records.stream()
                .map(
                        r -> {
                            try {
                                return Codecs.deadLetter().decode(r.getValue().value);
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .map(DeadLetter::getReason)
                .toList();
    }
}
