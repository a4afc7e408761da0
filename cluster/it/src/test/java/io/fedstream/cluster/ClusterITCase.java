package io.fedstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The deployment, tested as a user runs it: {@code fedstream-cluster up} starts a Kafka broker, a
 * Flink JobManager and two TaskManagers as separate JVMs; the shaded job jar is submitted with the
 * Flink CLI; edge producers and the evaluator run as their own JVMs. What only a real cluster
 * exercises: the job jar's classloading next to Flink's lib/, its types and state crossing JVMs
 * (parallelism 2 over two TaskManagers), the CLI, and a clean {@code down}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisabledIfSystemProperty(named = "skipClusterIT", matches = "true")
class ClusterITCase {
    private static final String DATA = "/usr/share/datasets/fashion-mnist";
    private static final Pattern JOB_ID =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final int ROUNDS = 4;
    private static final int CLIENTS = 3;

    private ClusterScript cluster;
    private FlinkRest rest;
    private final Map<String, String> timings = new LinkedHashMap<>();

    @BeforeAll
    void up() throws Exception {
        assertThat(Path.of(DATA))
                .as("Fashion-MNIST (Debian package dataset-fashion-mnist)")
                .isDirectory();
        cluster = ClusterScript.fromSystemProperties();
        long start = System.nanoTime();
        cluster.run(Duration.ofMinutes(4), "up");
        timings.put("cluster start (up: broker answers, 2 TaskManagers registered)", since(start));
        rest = new FlinkRest(cluster.restUrl());
    }

    @AfterAll
    void downLeavesNothingRunning() throws Exception {
        if (cluster == null) {
            return;
        }
        try {
            List<Long> before = cluster.processesStarted();
            long start = System.nanoTime();
            cluster.run(Duration.ofMinutes(3), "down");
            timings.put("down", since(start));
            assertThat(before).as("processes of the cluster before down").isNotEmpty();
            assertThat(cluster.processesStarted())
                    .as("processes started by fedstream-cluster still alive after down")
                    .isEmpty();
            assertThat(cluster.state().resolve("pids")).isEmptyDirectory();
        } finally {
            writeTimings();
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void separateJvmsTrainConsecutiveRoundsAndAccuracyRises() throws Exception {
        long submitted = System.nanoTime();
        String jobId =
                submit(
                        "--model-spec", "logreg",
                        "--clients-per-round", "3",
                        "--min-clients", "3",
                        "--num-rounds", Integer.toString(ROUNDS),
                        "--learning-rate", "0.1",
                        "--parallelism", "2",
                        "--num-clients", Integer.toString(CLIENTS));
        timings.put("submit (CLI run -d, returns after the JobID)", since(submitted));
        cluster.run(Duration.ofMinutes(1), "edge", Integer.toString(CLIENTS), "--data-dir", DATA);
        cluster.run(Duration.ofMinutes(1), "evaluate", "--data-dir", DATA);

        try (TopicReader<GlobalModel> models =
                        new TopicReader<>(
                                cluster.bootstrapServers(),
                                Topics.GLOBAL_MODEL,
                                Codecs.globalModel());
                TopicReader<RoundMetrics> metrics =
                        new TopicReader<>(
                                cluster.bootstrapServers(),
                                Topics.METRICS,
                                Codecs.roundMetrics())) {
            Duration wait = Duration.ofMinutes(5);
            models.await(r -> !r.isEmpty(), wait, "global model version 0");
            timings.put("submit to version 0 (3 edge JVMs alive)", since(submitted));
            models.await(r -> r.size() > 1, wait, "global model version 1");
            timings.put("submit to first round (version 1 visible)", since(submitted));
            List<GlobalModel> published =
                    models.await(
                            r -> r.stream().anyMatch(GlobalModel::getTrainingComplete),
                            wait,
                            "the version marked training_complete");

            assertThat(published)
                    .extracting(GlobalModel::getVersion)
                    .as("global-model versions, in topic order")
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, ROUNDS).boxed().toList());
            for (GlobalModel m : published.subList(1, published.size())) {
                assertThat(m.getParticipants())
                        .as("participants of %d", m.getVersion())
                        .isEqualTo(3);
                assertThat(m.getTotalSamples()).isEqualTo(60_000L);
            }
            double meanRoundMs =
                    (published.get(ROUNDS).getCreatedAt().toEpochMilli()
                                    - published.get(1).getCreatedAt().toEpochMilli())
                            / (double) (ROUNDS - 1);
            timings.put(
                    "round time (created_at of version 1 to " + ROUNDS + ", mean)",
                    String.format("%.1f s", meanRoundMs / 1000));

            Map<Long, Double> accuracy = new TreeMap<>();
            metrics.await(
                    r -> {
                        r.stream()
                                .filter(m -> m.getSource() == MetricsSource.EVALUATOR)
                                .forEach(
                                        m ->
                                                accuracy.put(
                                                        m.getRoundNumber(), m.getGlobalAccuracy()));
                        return accuracy.size() > ROUNDS;
                    },
                    wait,
                    "evaluator accuracy of versions 0.." + ROUNDS);
            double initial = accuracy.get(0L);
            assertThat(initial).as("accuracy of the random initial model").isLessThan(0.3);
            for (long v = 1; v <= ROUNDS; v++) {
                assertThat(accuracy.get(v))
                        .as("accuracy of version %d (all: %s)", v, accuracy)
                        .isGreaterThan(initial + 0.3);
            }
            assertThat(accuracy.get((long) ROUNDS)).as("final accuracy").isGreaterThan(0.75);
            timings.put("evaluator accuracy by version", accuracy.toString());
            double serverRoundMs =
                    metrics.poll().stream()
                            .filter(m -> m.getSource() == MetricsSource.SERVER)
                            .filter(m -> m.getRoundNumber() >= 1)
                            .mapToLong(RoundMetrics::getRoundDurationMs)
                            .average()
                            .orElseThrow();
            timings.put(
                    "round time (server round_duration_ms, mean)",
                    String.format("%.1f s", serverRoundMs / 1000));
        }

        assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
        assertThat(rest.neverFailed(jobId))
                .as("no task of the job failed (classloading, serialization between JVMs)")
                .isTrue();
        cluster.run(Duration.ofMinutes(1), "cancel", jobId);
    }

    private String submit(String... flags) throws Exception {
        String[] args = new String[flags.length + 1];
        args[0] = "submit";
        System.arraycopy(flags, 0, args, 1, flags.length);
        String out = cluster.run(Duration.ofMinutes(2), args);
        Matcher m = JOB_ID.matcher(out);
        assertThat(m.find()).as("JobID in the CLI output:\n%s", out).isTrue();
        return m.group(1);
    }

    private static String since(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private void writeTimings() throws Exception {
        StringBuilder text = new StringBuilder();
        timings.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        System.out.print("ClusterITCase timings\n" + text);
        Path file = cluster.state().getParent().resolve("timings.txt");
        Files.writeString(
                file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
