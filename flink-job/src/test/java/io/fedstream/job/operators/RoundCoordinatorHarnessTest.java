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
        harness.setProcessingTime(0);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String client, long round, float value) throws Exception {
        var outcome = validator.validate(raw(update(client, round, 10, filled(value)).build()));
        harness.processElement1(new StreamRecord<>(outcome.accepted()));
    }

    private List<ShardWork> drain() {
        List<ShardWork> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private void startRoundOneWithClientsAAndB() throws Exception {
        harness.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "a", 10)));
        harness.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "b", 10)));
        harness.setProcessingTime(RoundCoordinator.START_CHECK_MS);
        List<ShardWork> out = drain();
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.CLOSE && w.round == 0);
        assertThat(out.get(0).summary.nextSelected).containsExactly("a", "b");
    }

    @Test
    void waitsForEnoughClientsBeforeRoundOne() throws Exception {
        harness.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "a", 10)));
        harness.setProcessingTime(5 * RoundCoordinator.START_CHECK_MS);
        assertThat(drain()).isEmpty();
        // the next start check, and the registry's prune at the alive timeout
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
    }

    @Test
    void fansOutSlicesAndClosesOnQuorumClearingRoundStateAndTimer() throws Exception {
        startRoundOneWithClientsAAndB();
        // round 1's deadline and the registry's prune
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);

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
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);
        harness.setProcessingTime(RoundCoordinator.START_CHECK_MS + TIMEOUT - 1);
        assertThat(drain()).isEmpty();
    }

    @Test
    void aSelectedClientRefusedByTheGuardCountsAsAnsweredAndIsCountedInTheMetrics()
            throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        drain();
        harness.processElement2(
                new StreamRecord<>(ControlEvent.rejected(MODEL, "b", "ANOMALOUS_UPDATE", 1)));
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
        harness.processElement2(
                new StreamRecord<>(ControlEvent.rejected(MODEL, "b", "REPLAYED", 2)));
        harness.processElement2(
                new StreamRecord<>(ControlEvent.rejected(MODEL, "z", "QUARANTINED", 1)));
        harness.processElement2(
                new StreamRecord<>(ControlEvent.rejected(MODEL, "b", "UNDECODABLE")));
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
        harness.processElement2(
                new StreamRecord<>(ControlEvent.rejected(MODEL, "b", "DUPLICATE", 1)));
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
        long round2Opened = RoundCoordinator.START_CHECK_MS;
        send("a", 2, 2f);
        drain();

        harness.setProcessingTime(round2Opened + TIMEOUT);
        List<ShardWork> out = drain();
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.CLOSE);
        assertThat(out.get(0).summary.round).isEqualTo(2);
        assertThat(out.get(0).summary.participants).isEqualTo(1);
        assertThat(out.get(0).summary.finalRound).isTrue();
        // Only the registry's prune timer remains, with the book, the registry and its count.
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);

        // a and b were heard at 0; the default alive timeout is 30 s. The prune at 30 s keeps them
        // (heard exactly one timeout ago), the one at 60 s forgets them and schedules no other.
        harness.setProcessingTime(30_000);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        harness.setProcessingTime(60_000);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("only the book").isEqualTo(1);
    }

    @Test
    void lateDuplicateAndUnselectedUpdatesAreDeadLetteredWithTheirReason() throws Exception {
        startRoundOneWithClientsAAndB();
        send("a", 1, 1f);
        send("a", 1, 1f); // duplicate
        var outsider = validator.validate(raw(update("z", 1, 10, filled(0)).build())).accepted();
        harness.processElement1(new StreamRecord<>(outsider));
        send("b", 1, 1f); // closes round 1
        send("a", 1, 1f); // late

        assertThat(reasons(harness.getSideOutput(Tags.DEAD_LETTERS)))
                .containsExactly(ReasonCode.DUPLICATE, ReasonCode.NOT_SELECTED);
        assertThat(reasons(harness.getSideOutput(Tags.LATE_UPDATES)))
                .containsExactly(ReasonCode.STALE_ROUND);
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
