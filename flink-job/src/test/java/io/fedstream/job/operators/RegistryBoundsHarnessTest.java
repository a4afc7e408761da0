package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.ControlEvent;
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
import org.junit.jupiter.api.Test;

/** The round coordinator keeps its client registry at the cap and prunes it on its own timer. */
class RegistryBoundsHarnessTest {
    private static final int[] SHARD_KEYS = {11};
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    private static JobConfig config(int cap, long aliveMs, long roundMs) {
        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 2);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        c.set(RoundOptions.MAX_REGISTERED_CLIENTS, cap);
        c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMillis(aliveMs));
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMillis(roundMs));
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(KafkaOptions.LOG_CLOCK_INTERVAL, Duration.ZERO); // no broker here
        return JobConfig.of(c);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ValidatedUpdate, ControlEvent, ShardWork>
            harness(RoundCoordinator coordinator) throws Exception {
        var h =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        coordinator, u -> u.modelId, c -> c.modelId, Types.STRING);
        return h;
    }

    private static void beat(
            KeyedTwoInputStreamOperatorTestHarness<String, ValidatedUpdate, ControlEvent, ShardWork>
                    h,
            String client,
            long at)
            throws Exception {
        h.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, client, 10), at));
    }

    /** Event time (both inputs) moves to {@code t}: what is due by then is decided. */
    private static void advanceTo(
            KeyedTwoInputStreamOperatorTestHarness<String, ValidatedUpdate, ControlEvent, ShardWork>
                    h,
            long t)
            throws Exception {
        h.processBothWatermarks(new Watermark(t));
    }

    @Test
    void aFloodOfNewIdsLeavesTheRegistryAtTheCap() throws Exception {
        RoundCoordinator coordinator = new RoundCoordinator(config(20, 30_000, 10_000), SHARD_KEYS);
        try (var h = harness(coordinator)) {
            beat(h, "a", 0);
            beat(h, "b", 0);
            for (int i = 0; i < 100; i++) {
                beat(h, "fake-" + i, 0);
            }
            advanceTo(h, 0);
            // cap 20, batch 2: the 21st id evicts 2 (19 left), the 22nd makes 20, the 23rd 19 ...
            // so after 102 ids (82 beyond the first 20, an even number) the registry holds 20.
            assertThat(coordinator.registeredClients()).isEqualTo(20);
        }
    }

    @Test
    void aPruneDueWithARoundsDeadlineStillRunsWhenTheRoundClosesOnQuorum() throws Exception {
        // a and b heard at 0: the first prune is due at the alive timeout, 10 500 ms; round 1
        // opens at 500 with its deadline 10 000 ms later, at the same instant.
        RoundCoordinator coordinator =
                new RoundCoordinator(config(100, 10_500, 10_000), SHARD_KEYS);
        try (var h = harness(coordinator)) {
            beat(h, "a", 0);
            beat(h, "b", 0);
            advanceTo(h, RoundCoordinator.START_CHECK_MS);
            for (String client : List.of("a", "b")) {
                h.processElement1(
                        new StreamRecord<>(
                                validator
                                        .validate(raw(update(client, 1, 10, filled(1f)).build()))
                                        .accepted(),
                                600));
            }
            advanceTo(h, 600);
            // Round 1 closed on quorum at 600 (round 2's deadline: 10 600); the shared timer stays.
            assertThat(h.numEventTimeTimers()).isEqualTo(2);

            advanceTo(h, 10_500); // prune, horizon 0: a and b (heard at 0) stay
            assertThat(coordinator.registeredClients()).isEqualTo(2);
            advanceTo(h, 10_600); // round 2, the last, closes at its deadline
            assertThat(h.numEventTimeTimers()).as("the next prune, at 21 000").isEqualTo(1);
            advanceTo(h, 21_000); // horizon 10 500: both go, and no prune follows
            assertThat(coordinator.registeredClients()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).as("only the book").isEqualTo(1);
        }
    }

    @Test
    void aHeartbeatAfterThePruningEmptiedTheRegistryStartsPruningAgain() throws Exception {
        RoundCoordinator coordinator = new RoundCoordinator(config(100, 2_000, 10_000), SHARD_KEYS);
        try (var h = harness(coordinator)) {
            beat(h, "a", 0); // the bootstrap's start check (every 500 ms) and a prune at 2 000
            // The start check at 2 500 (horizon 500) forgets a; the prune at 4 000 finds nothing.
            advanceTo(h, 4_000);
            assertThat(coordinator.registeredClients()).isZero();
            assertThat(h.numEventTimeTimers()).as("the start check only").isEqualTo(1);

            beat(h, "b", 4_001);
            advanceTo(h, 4_001);
            assertThat(coordinator.registeredClients()).isEqualTo(1);
            assertThat(h.numEventTimeTimers()).as("start check and prune").isEqualTo(2);
        }
    }
}
