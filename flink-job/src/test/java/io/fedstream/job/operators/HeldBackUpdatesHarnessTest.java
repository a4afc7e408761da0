package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.MODEL;
import static io.fedstream.job.TestUpdates.SPEC;
import static io.fedstream.job.TestUpdates.filled;
import static io.fedstream.job.TestUpdates.raw;
import static io.fedstream.job.TestUpdates.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under the default bounds (norm factor 5, weight factor 4, warm-up 3) the coordinator holds the
 * first updates of a job until three are known, then sends them clipped and capped by the medians
 * of all three; at a deadline it sends what it holds with the medians of what it has.
 */
class HeldBackUpdatesHarnessTest {
    private static final int[] SHARD_KEYS = {11, 22};
    private static final long TIMEOUT = 10_000;
    private static final double SQRT8 = Math.sqrt(8);

    private KeyedTwoInputStreamOperatorTestHarness<String, ValidatedUpdate, ControlEvent, ShardWork>
            harness;
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    @BeforeEach
    void open() throws Exception {
        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 3);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMillis(TIMEOUT));
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(KafkaOptions.LOG_CLOCK_INTERVAL, Duration.ZERO); // no broker here
        harness =
                ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                        new RoundCoordinator(JobConfig.of(c), SHARD_KEYS),
                        u -> u.modelId,
                        e -> e.modelId,
                        Types.STRING);
        for (String client : List.of("a", "b", "c")) {
            harness.processElement2(
                    new StreamRecord<>(ControlEvent.heartbeat(MODEL, client, 10), ++clock));
        }
        advanceTo(ROUND_ONE_OPENS);
        drain(); // round 0's close markers
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String client, long samples, float value) throws Exception {
        var outcome = validator.validate(raw(update(client, 1, samples, filled(value)).build()));
        sendUpdate(outcome.accepted());
    }

    /** Log time: each event one millisecond after the previous one. */
    private long clock;

    /** The first heartbeat (at 1) opened round 0; its start check opens round 1. */
    private static final long ROUND_ONE_OPENS = 1 + RoundCoordinator.START_CHECK_MS;

    private void sendUpdate(ValidatedUpdate u) throws Exception {
        harness.processElement1(new StreamRecord<>(u, ++clock));
        harness.processBothWatermarks(new Watermark(clock));
    }

    private void advanceTo(long t) throws Exception {
        clock = t;
        harness.processBothWatermarks(new Watermark(t));
    }

    private List<ShardWork> drain() {
        List<ShardWork> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private static ShardWork sliceOfWeight(List<ShardWork> out, double weight) {
        return out.stream()
                .filter(w -> w.kind == ShardWork.Kind.SLICE && w.weight == weight)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theFirstUpdatesWaitForThreeNormsAndAreThenBoundedByTheirMedian() throws Exception {
        send("a", 1_000_000, 1e20f); // the job's very first update: norm 1e20 sqrt 8
        assertThat(drain()).as("held back").isEmpty();
        send("b", 10, 1f); // norm sqrt 8
        assertThat(drain()).isEmpty();
        // book, last-seen, registered-clients, prune-at, timer, accepted and the held-back updates
        assertThat(harness.numKeyedStateEntries()).isEqualTo(7);

        send("c", 30, 3f); // norm 3 sqrt 8: the third norm; also the round's quorum
        List<ShardWork> out = drain();

        // norms: median 3 sqrt 8, bound 15 sqrt 8, so a is clipped to 15 per coordinate;
        // samples 1e6, 10, 30: median 30, cap 4 x 30 = 120
        assertThat(out).hasSize(8);
        assertThat(out.subList(0, 6)).allMatch(w -> w.kind == ShardWork.Kind.SLICE);
        ShardWork a = sliceOfWeight(out, 120);
        for (float v : a.values) {
            assertThat(v).isCloseTo(15f, within(1e-4f));
        }
        assertThat(sliceOfWeight(out, 10).values).containsOnly(1f);
        assertThat(sliceOfWeight(out, 30).values).containsOnly(3f);
        ShardWork close = out.get(6);
        assertThat(close.kind).isEqualTo(ShardWork.Kind.CLOSE);
        assertThat(close.summary.normClipped).isOne();
        assertThat(close.summary.weightCapped).isOne();
        assertThat(close.summary.normBound).isCloseTo(15 * SQRT8, within(1e-5));
        assertThat(close.summary.weightCap).isEqualTo(120.0);
        // the held-back updates and the accepted clients are gone
        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);
    }

    @Test
    void atTheDeadlineTheHeldUpdatesAreBoundedByWhatIsKnown() throws Exception {
        send("a", 1_000_000, 1e20f);
        send("b", 10, 1f);
        assertThat(drain()).isEmpty();

        advanceTo(ROUND_ONE_OPENS + TIMEOUT);
        List<ShardWork> out = drain();

        // two norms: the lower median is b's, sqrt 8, so a is clipped to 5 per coordinate;
        // two sample counts: cap 4 x 10 = 40
        assertThat(out).hasSize(6);
        for (float v : sliceOfWeight(out, 40).values) {
            assertThat(v).isCloseTo(5f, within(1e-4f));
        }
        assertThat(sliceOfWeight(out, 10).values).containsOnly(1f);
        assertThat(out.get(4).kind).isEqualTo(ShardWork.Kind.CLOSE);
        assertThat(out.get(4).summary.participants).isEqualTo(2);
    }

    @Test
    void onceWarmAnUpdateIsBoundedAndSentWhenAdmitted() throws Exception {
        send("a", 10, 1f);
        send("b", 10, 1f);
        send("c", 10, 1f); // closes round 1
        drain();
        var outcome = validator.validate(raw(update("a", 2, 10, filled(100f)).build()));
        sendUpdate(outcome.accepted());

        List<ShardWork> out = drain();
        // window: sqrt 8 three times and 100 sqrt 8: lower median sqrt 8, so 5 per coordinate
        assertThat(out).hasSize(2).allMatch(w -> w.kind == ShardWork.Kind.SLICE);
        for (float v : out.get(0).values) {
            assertThat(v).isCloseTo(5f, within(1e-4f));
        }
    }
}
