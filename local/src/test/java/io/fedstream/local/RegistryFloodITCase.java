package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.local.pipeline.InMemoryTopics;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A flood of heartbeats under fresh fake ids, far beyond the registry cap, through the whole job on
 * a MiniCluster ({@link InMemoryTopics}): the registry stays at the cap, the honest clients (who
 * heartbeat on time) stay registered and are selected in every round, and the rounds complete with
 * their updates. Every alive client is selected (clients-per-round is the cap), so a round task's
 * selection is the registry at the round's close.
 */
class RegistryFloodITCase {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String MODEL = "flood";
    private static final ModelSpec SPEC = ModelSpec.parse("logreg:3-2");
    private static final List<String> HONEST = List.of("h1", "h2", "h3");

    /** Heartbeats like the honest clients but never answers: every round waits for its deadline. */
    private static final String SILENT = "silent";

    private static final int CAP = 2_000;
    private static final int ROUNDS = 4;
    private static final int GHOST_UPDATES = 50;

    private InMemoryTopics topics;

    private void heartbeat(String client) {
        topics.append(
                Topics.HEARTBEATS,
                client,
                Codecs.heartbeat()
                        .encode(
                                ClientHeartbeat.newBuilder()
                                        .setClientId(client)
                                        .setModelId(MODEL)
                                        .setNumSamples(10)
                                        .setDevice(Map.of())
                                        .setTimestamp(Instant.now())
                                        .build()));
    }

    private void update(String client, RoundTask task) {
        // A different delta per client and round, or the guard would refuse a repeat as REPLAYED.
        float[] delta = new float[SPEC.numParameters()];
        Arrays.fill(delta, 0.01f * task.getRound() + 1e-4f * Math.floorMod(client.hashCode(), 100));
        topics.append(
                Topics.UPDATES,
                client,
                Codecs.modelUpdate()
                        .encode(
                                TestRecords.update(MODEL, SPEC, client, task.getRound(), 10, delta)
                                        .setBaseVersion(task.getModelVersion())
                                        .build()));
    }

    @Test
    @Timeout(300)
    void aFloodOfFakeIdsBeyondTheCapLeavesHonestClientsSelectedAndRoundsComplete()
            throws Exception {
        Configuration c = new Configuration();
        // Client identity is the subject of ClientIdentityITCase, not of this test.
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.NUM_ROUNDS, ROUNDS);
        // As many as the registry can hold: every alive client is selected.
        c.set(RoundOptions.CLIENTS_PER_ROUND, CAP);
        c.set(RoundOptions.MIN_CLIENTS, HONEST.size() + 1);
        c.set(RoundOptions.MAX_REGISTERED_CLIENTS, CAP);
        // The silent client and the selected fake ids never answer: each round closes at its
        // deadline, so round r opens 3 (r - 1) s into the flood, whatever the machine's speed.
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofSeconds(3));
        c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMinutes(2));
        c.set(RoundOptions.HEARTBEAT_MIN_INTERVAL, Duration.ofMillis(100));
        JobConfig config = JobConfig.of(c);

        ScheduledExecutorService clients = Executors.newScheduledThreadPool(2);
        AtomicInteger fakes = new AtomicInteger();
        try (InMemoryTopics t = InMemoryTopics.create();
                LocalJob job = t.startJob(config, 2)) {
            topics = t;
            // Honest clients heartbeat every 200 ms; the flood brings about 1 000 fresh ids a
            // second, so some 200 between two honest heartbeats, far from the 1 800 (cap minus a
            // tenth) it would take to evict one.
            clients.scheduleAtFixedRate(
                    () -> {
                        HONEST.forEach(this::heartbeat);
                        heartbeat(SILENT);
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            List<RoundTask> tasks = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                int n = round;
                RoundTask task =
                        topics.await(
                                        Topics.ROUND_TASKS,
                                        Codecs.roundTask(),
                                        r -> r.size() >= n,
                                        WAIT,
                                        "round task " + n)
                                .get(n - 1);
                tasks.add(task);
                for (String h : HONEST) {
                    if (task.getSelectedClients().contains(h)) {
                        update(h, task);
                    }
                }
                if (round == 1) {
                    // Updates under ids the job never heard from: refused, one dead letter each.
                    for (int i = 0; i < GHOST_UPDATES; i++) {
                        update("ghost-" + i, task);
                    }
                    // The flood starts with round 1 (a backlog before the job runs would reach it
                    // in one burst, which is not what this test is about).
                    clients.scheduleAtFixedRate(
                            () -> {
                                for (int i = 0; i < 10; i++) {
                                    heartbeat("fake-" + fakes.getAndIncrement());
                                }
                            },
                            0,
                            10,
                            TimeUnit.MILLISECONDS);
                }
            }
            topics.await(
                    Topics.GLOBAL_MODEL,
                    Codecs.globalModel(),
                    r -> r.stream().anyMatch(GlobalModel::getTrainingComplete),
                    WAIT,
                    "the version marked training_complete");
            clients.shutdownNow();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            topics.end();
            job.awaitFinished(WAIT);

            assertThat(fakes.get()).as("fake ids sent").isGreaterThan(3 * CAP);
            for (RoundTask task : tasks) {
                assertThat(task.getSelectedClients())
                        .as("round %d", task.getRound())
                        .containsAll(HONEST)
                        .contains(SILENT)
                        .hasSizeLessThanOrEqualTo(CAP);
            }
            // From round 3 on (opened 6 s into a flood of 1 000 ids a second) the registry is
            // full: after each eviction pass it holds cap - cap / 10 + 1 = 1 801, at most 2 000.
            for (RoundTask task : tasks.subList(2, ROUNDS)) {
                assertThat(task.getSelectedClients())
                        .as("round %d", task.getRound())
                        .hasSizeGreaterThanOrEqualTo(CAP - CAP / 10 + 1);
            }
            List<RoundMetrics> server =
                    topics.read(Topics.METRICS, Codecs.roundMetrics()).stream()
                            .filter(m -> m.getSource() == MetricsSource.SERVER)
                            .filter(m -> m.getRoundNumber() >= 1)
                            .toList();
            assertThat(server)
                    .extracting(RoundMetrics::getRoundNumber)
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(server).allSatisfy(m -> assertThat(m.getParticipants()).isEqualTo(3));
            List<DeadLetter> ghosts =
                    topics.read(Topics.DEAD_LETTER, Codecs.deadLetter()).stream()
                            .filter(d -> d.getClientId() != null)
                            .filter(d -> d.getClientId().startsWith("ghost-"))
                            .toList();
            assertThat(ghosts).hasSize(GHOST_UPDATES);
        } finally {
            clients.shutdownNow();
        }
    }
}
