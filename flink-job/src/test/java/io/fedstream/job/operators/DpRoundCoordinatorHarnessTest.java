package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.identity.SecretFiles;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.privacy.RdpAccountant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpRoundCoordinatorHarnessTest {
    private static final long TIMEOUT = 1_000;

    @TempDir static Path dir;

    private static JobConfig config(double budget) {
        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.NUM_CLIENTS, 2);
        c.set(RoundOptions.CLIENTS_PER_ROUND, 2); // q = 1: every alive client every round
        c.set(RoundOptions.NUM_ROUNDS, 50);
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMillis(TIMEOUT));
        c.set(PrivacyOptions.DP, true);
        c.set(PrivacyOptions.DP_NOISE_MULTIPLIER, 4.0);
        c.set(PrivacyOptions.DP_CLIP, 0.5);
        c.set(PrivacyOptions.PRIVACY_BUDGET, budget);
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(KafkaOptions.LOG_CLOCK_INTERVAL, Duration.ZERO); // no broker here
        Path key = dir.resolve("dp-" + budget + ".key");
        if (!Files.exists(key)) {
            SecretFiles.create(key, new byte[32]);
        }
        c.set(PrivacyOptions.DP_KEY_FILE, key.toString());
        return JobConfig.of(c);
    }

    @Test
    void clipsUpdatesAccountsEachRoundAndStopsBeforeTheBudget() throws Exception {
        // With q = 1 and z = 4 each round costs RDP alpha / 32; pick a budget between 3 and 4
        // rounds.
        double eps3 = RdpAccountant.epsilon(1.0, 4.0, 3, 1e-5);
        double eps4 = RdpAccountant.epsilon(1.0, 4.0, 4, 1e-5);
        JobConfig config = config((eps3 + eps4) / 2);
        DpPlan plan = DpPlan.of(config);
        UpdateValidator validator = new UpdateValidator(MODEL, SPEC);
        try (KeyedTwoInputStreamOperatorTestHarness<
                        String, ValidatedUpdate, ControlEvent, ShardWork>
                h =
                        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                                new RoundCoordinator(config, new int[] {5}, plan),
                                u -> u.modelId,
                                c -> c.modelId,
                                Types.STRING)) {
            h.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "a", 10), 0));
            h.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "b", 10), 0));
            long now = RoundCoordinator.START_CHECK_MS;
            h.processBothWatermarks(new Watermark(now));

            List<ShardWork> closes = new ArrayList<>();
            for (int round = 1; round <= 5; round++) {
                long t = now + round; // the round's heartbeats and updates, decided in log order
                for (String client : List.of("a", "b")) {
                    h.processElement2(
                            new StreamRecord<>(ControlEvent.heartbeat(MODEL, client, 10), t));
                    var u =
                            validator
                                    .validate(raw(update(client, round, 10, filled(3f)).build()))
                                    .accepted();
                    h.processElement1(new StreamRecord<>(u, t));
                }
                h.processBothWatermarks(new Watermark(t));
            }
            for (ShardWork w : h.extractOutputValues()) {
                if (w.kind == ShardWork.Kind.SLICE) {
                    // filled(3) has norm 3 * sqrt(8); clipped to 0.5 with weight 1.
                    double norm = 0;
                    for (float v : w.values) {
                        norm += v * v;
                    }
                    assertThat(Math.sqrt(norm)).isCloseTo(0.5, within(1e-6));
                    assertThat(w.weight).isEqualTo(1.0);
                } else {
                    closes.add(w);
                }
            }
            // Round 0 (no data, no cost), then rounds 1..3; round 4 would exceed the budget.
            assertThat(closes).extracting(w -> w.round).containsExactly(0L, 1L, 2L, 3L);
            assertThat(closes.get(0).summary.privacySpent).isEqualTo(0.0);
            for (int r = 1; r <= 3; r++) {
                assertThat(closes.get(r).summary.privacySpent)
                        .isCloseTo(RdpAccountant.epsilon(1.0, 4.0, r, 1e-5), within(1e-12));
                assertThat(closes.get(r).summary.noiseStd).isEqualTo(4.0 * 0.5);
                assertThat(closes.get(r).summary.expectedClients).isEqualTo(2.0);
            }
            assertThat(closes.get(3).summary.finalRound).isTrue();
            assertThat(closes.get(3).summary.stopReason)
                    .startsWith("privacy budget: round 4 would spend epsilon");
            // Only the registry's prune timer is left.
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ValidatedUpdate, ControlEvent, ShardWork>
            harness(JobConfig config) throws Exception {
        // Not opened: a test restores state into it first.
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new RoundCoordinator(config, new int[] {5}, DpPlan.of(config))),
                u -> u.modelId,
                c -> c.modelId,
                Types.STRING);
    }

    private static JobConfig withKey(JobConfig config, Path keyFile) {
        return config.with(PrivacyOptions.DP_KEY_FILE, keyFile.toString());
    }

    /**
     * The coordinator keeps the DP key's id in its state: restored with the same key file it goes
     * on; restored under another key it refuses, naming both ids, rather than draw other noise for
     * a round whose release may already be public.
     */
    @Test
    void aRestoreUnderAnotherNoiseKeyIsRefused() throws Exception {
        Path same = dir.resolve("same.key");
        SecretFiles.create(same, "the-first-noise-key".getBytes(StandardCharsets.UTF_8));
        Path other = dir.resolve("other.key");
        SecretFiles.create(other, "another-noise-key!!".getBytes(StandardCharsets.UTF_8));
        JobConfig config = withKey(config(10), same);
        OperatorSubtaskState snapshot;
        try (var h = harness(config)) {
            h.open();
            h.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "a", 10)));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(config)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement2(new StreamRecord<>(ControlEvent.heartbeat(MODEL, "b", 10)));
        }
        try (var h = harness(withKey(config(10), other))) {
            h.initializeState(snapshot);
            h.open();
            assertThatThrownBy(
                            () ->
                                    h.processElement2(
                                            new StreamRecord<>(
                                                    ControlEvent.heartbeat(MODEL, "b", 10))))
                    .hasMessageContaining("written under DP noise key")
                    .hasMessageContaining("resume with the key file");
        }
    }
}
