package io.fedstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.testkit.RoundChecks;
import io.fedstream.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * A crash of the real cluster's TaskManagers: {@code fedstream-cluster crash-taskmanagers} sends
 * SIGKILL to every TaskManager JVM while a federation trains (two of three clients selected each
 * round) and starts them again; the job restarts from its last checkpoint (RocksDB, on disk) by
 * itself. Afterwards a second job, with its own output topics and fresh state, replays the
 * federation's update and heartbeat log from offset 0. The crashed run's versions appear once each,
 * with no gap, and each equals the replay's, parameter for parameter, as do the round tasks'
 * selections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisabledIfSystemProperty(named = "skipClusterIT", matches = "true")
class CrashITCase {
    private static final String DATA = "/usr/share/datasets/fashion-mnist";
    private static final int ROUNDS = 5;
    private static final Duration WAIT = Duration.ofMinutes(6);

    private ClusterScript cluster;
    private FlinkRest rest;

    @BeforeAll
    void up() throws Exception {
        assertThat(Path.of(DATA)).as("Fashion-MNIST").isDirectory();
        // Client identity off: a replay reads the enrollment topic next to the updates, and an
        // update judged before its client's enrollment is read is refused (UNKNOWN_CLIENT), so a
        // signed replay is not yet a function of the log (docs/fault-tolerance.md).
        cluster =
                ClusterScript.fromSystemProperties()
                        .withEnv("FEDSTREAM_CLIENT_AUTH", "off")
                        .downOnExit();
        cluster.run(Duration.ofMinutes(4), "up");
        rest = new FlinkRest(cluster.restUrl());
    }

    @AfterAll
    void down() throws Exception {
        if (cluster != null) {
            cluster.run(Duration.ofMinutes(3), "down");
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aKill9OfEveryTaskManagerLeavesTheModelSequenceOfAReplayOfTheLog() throws Exception {
        Federation live = new Federation("crash");
        Federation replay = new Federation("crash-replay");
        cluster.run(Duration.ofMinutes(1), live.aclFlags().toArray(String[]::new));
        cluster.run(Duration.ofMinutes(1), replay.aclFlags().toArray(String[]::new));

        String crashed = submit(live.jobFlags());
        List<String> edge = new ArrayList<>(List.of("edge", "1", "--per-process", "3"));
        edge.addAll(live.edgeFlags("--training-threads", "3", "--data-dir", DATA));
        cluster.run(Duration.ofMinutes(1), edge.toArray(String[]::new));

        List<GlobalModel> liveModels;
        List<RoundTask> liveTasks;
        try (TopicReader<GlobalModel> models = reader(live.topic("global-model"));
                TopicReader<RoundTask> tasks = roundTasks(live.topic("round-tasks"))) {
            models.await(r -> r.size() > 2, WAIT, "global model version 2 before the crash");
            cluster.run(Duration.ofMinutes(4), "crash-taskmanagers");
            liveModels = models.await(CrashITCase::complete, WAIT, "training_complete");
            liveTasks = tasks.awaitCount(ROUNDS, WAIT, "the round tasks");
        }
        assertThat(rest.neverFailed(crashed)).as("the job failed over after the kill").isFalse();
        assertThat(liveModels)
                .extracting(GlobalModel::getVersion)
                .as("versions of the crashed run, in topic order")
                .containsExactlyElementsOf(LongStream.rangeClosed(0, ROUNDS).boxed().toList());
        cluster.run(Duration.ofMinutes(1), "cancel", crashed);

        String replayed = submit(replayFlags(live, replay));
        try (TopicReader<GlobalModel> models = reader(replay.topic("global-model"));
                TopicReader<RoundTask> tasks = roundTasks(replay.topic("round-tasks"))) {
            List<GlobalModel> replayModels =
                    models.await(CrashITCase::complete, WAIT, "the replay's training_complete");
            List<RoundTask> replayTasks = tasks.awaitCount(ROUNDS, WAIT, "the replay's tasks");
            assertThat(replayModels).hasSameSizeAs(liveModels);
            for (int v = 0; v <= ROUNDS; v++) {
                assertThat(RoundChecks.parameterDigest(replayModels.get(v)))
                        .as("parameters of version %d", v)
                        .isEqualTo(RoundChecks.parameterDigest(liveModels.get(v)));
                assertThat(replayModels.get(v).getParticipants())
                        .isEqualTo(liveModels.get(v).getParticipants());
            }
            for (int r = 0; r < ROUNDS; r++) {
                assertThat(replayTasks.get(r).getSelectedClients())
                        .as("selection of round %d", r + 1)
                        .isEqualTo(liveTasks.get(r).getSelectedClients());
            }
        } finally {
            cluster.run(Duration.ofMinutes(1), "cancel", replayed);
        }
    }

    /** Two of three clients a round, from the start of the log. */
    private static final List<String> SETTINGS =
            List.of(
                    "--model-spec", "logreg",
                    "--clients-per-round", "2",
                    "--min-clients", "3",
                    "--num-clients", "3",
                    "--num-rounds", Integer.toString(ROUNDS),
                    "--learning-rate", "0.1",
                    "--local-epochs", "1",
                    "--parallelism", "2",
                    "--starting-offsets", "EARLIEST",
                    "--round-timeout", "900s");

    /** The live federation's model and input topics, the replay's outputs and transactions. */
    private static List<String> replayFlags(Federation live, Federation replay) {
        List<String> flags =
                new ArrayList<>(
                        List.of(
                                "--model-id", live.name(),
                                "--transactional-id-prefix", replay.name(),
                                "--topic-updates", live.topic("updates"),
                                "--topic-heartbeats", live.topic("heartbeats")));
        for (String kind : List.of("round-tasks", "global-model", "metrics", "dead-letter")) {
            flags.addAll(List.of("--topic-" + kind, replay.topic(kind)));
        }
        flags.addAll(SETTINGS);
        return flags;
    }

    private String submit(List<String> flags) throws Exception {
        List<String> args = new ArrayList<>(flags);
        if (!flags.contains("--num-rounds")) {
            args.addAll(SETTINGS);
        }
        return cluster.submit(args);
    }

    private TopicReader<GlobalModel> reader(String topic) throws Exception {
        return TopicReader.of(cluster.clientProperties(), topic, Codecs.globalModel());
    }

    private TopicReader<RoundTask> roundTasks(String topic) throws Exception {
        return TopicReader.of(cluster.clientProperties(), topic, Codecs.roundTask());
    }

    private static boolean complete(List<GlobalModel> models) {
        return models.stream().anyMatch(GlobalModel::getTrainingComplete);
    }
}
