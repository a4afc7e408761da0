package io.fedstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.testkit.RoundChecks;
import io.fedstream.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The deployment, tested as a user runs it: {@code fedstream-cluster up} starts a Kafka broker, a
 * Flink JobManager and two TaskManagers as separate JVMs; the shaded job jar is submitted with the
 * Flink CLI; edge producers and the evaluator run as their own JVMs. What only a real cluster
 * exercises: the job jar's classloading next to Flink's lib/, its types and state crossing JVMs
 * (parallelism 2 over two TaskManagers), the CLI, savepoints, and a clean {@code down}. Client
 * identity is on as {@code fedstream-cluster} runs it by default: the operator command line creates
 * and enrolls the edges' identities, the job signs with its key file on the TaskManagers. All tests
 * share one cluster; each runs its own federation (model id and topics) and cancels its jobs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledIfSystemProperty(named = "skipClusterIT", matches = "true")
class ClusterITCase {
    private static final String DATA = "/usr/share/datasets/fashion-mnist";
    private static final int ROUNDS = 4;
    private static final int CLIENTS = 3;
    private static final String EVALUATIONS = "fedstream.evaluations";

    /** FedAvg recomputed here vs published: float32 rounding of parameters of magnitude < 100. */
    private static final double AGGREGATION_TOLERANCE = 1e-5;

    /**
     * Parallelism changes only how the parameter vector is sharded and the order in which a shard
     * sums the updates; sums are kept in double, so each version may differ by about one float32
     * ulp of the parameter (< 1e-6 here), and later rounds carry that on through local training.
     */
    private static final double PARALLELISM_TOLERANCE = 1e-5;

    private ClusterScript cluster;
    private FlinkRest rest;
    private final List<String> jobs = new ArrayList<>();
    private final Timings timings = new Timings();

    @BeforeAll
    void up() throws Exception {
        assertThat(Path.of(DATA))
                .as("Fashion-MNIST (Debian package dataset-fashion-mnist)")
                .isDirectory();
        cluster = ClusterScript.fromSystemProperties().downOnExit();
        long start = System.nanoTime();
        cluster.run(Duration.ofMinutes(4), "up");
        timings.put(
                "cluster start (up: broker answers, 2 TaskManagers registered)",
                Timings.since(start));
        rest = new FlinkRest(cluster.restUrl());
    }

    /** Frees the slots for the next test, also when this one failed half-way. */
    @AfterEach
    void cancelRunningJobs() throws Exception {
        for (String id : jobs) {
            if (rest.jobState(id).equals("RUNNING")) {
                cluster.run(Duration.ofMinutes(1), "cancel", id);
            }
        }
        jobs.clear();
    }

    private void cancel(String jobId) throws Exception {
        cluster.run(Duration.ofMinutes(1), "cancel", jobId);
        jobs.remove(jobId);
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
            timings.put("down", Timings.since(start));
            assertThat(before).as("processes of the cluster before down").isNotEmpty();
            assertThat(cluster.processesStarted())
                    .as("processes started by fedstream-cluster still alive after down")
                    .isEmpty();
            assertThat(cluster.state().resolve("pids")).isEmptyDirectory();
        } finally {
            timings.write(cluster.state().getParent().resolve("timings.txt"));
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void separateJvmsTrainConsecutiveRoundsAndAccuracyRises() throws Exception {
        long submitted = System.nanoTime();
        String jobId =
                submit(
                        List.of(
                                "--model-spec", "logreg",
                                "--clients-per-round", "3",
                                "--min-clients", "3",
                                "--num-rounds", Integer.toString(ROUNDS),
                                "--learning-rate", "0.1",
                                "--parallelism", "2",
                                "--num-clients", Integer.toString(CLIENTS)));
        timings.put("submit (CLI run -d, returns after the JobID)", Timings.since(submitted));
        cluster.run(Duration.ofMinutes(1), "edge", Integer.toString(CLIENTS), "--data-dir", DATA);
        cluster.run(Duration.ofMinutes(1), "evaluate", "--data-dir", DATA);

        try (TopicReader<GlobalModel> models =
                        TopicReader.of(
                                cluster.clientProperties(),
                                Topics.GLOBAL_MODEL,
                                Codecs.globalModel());
                TopicReader<RoundMetrics> metrics =
                        TopicReader.of(
                                cluster.clientProperties(), Topics.METRICS, Codecs.roundMetrics());
                // The evaluator's ACLs allow it to write its own topic only.
                TopicReader<RoundMetrics> evaluations =
                        TopicReader.of(
                                cluster.clientProperties(), EVALUATIONS, Codecs.roundMetrics())) {
            Duration wait = Duration.ofMinutes(8);
            models.await(r -> !r.isEmpty(), wait, "global model version 0");
            timings.put("submit to version 0 (3 edge JVMs alive)", Timings.since(submitted));
            models.await(r -> r.size() > 1, wait, "global model version 1");
            timings.put("submit to first round (version 1 visible)", Timings.since(submitted));
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
            evaluations.await(
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
                    metrics.readToEnd(wait).stream()
                            .filter(m -> m.getSource() == MetricsSource.SERVER)
                            .filter(m -> m.getRoundNumber() >= 1)
                            .mapToLong(RoundMetrics::getRoundDurationMs)
                            .average()
                            .orElseThrow();
            timings.put(
                    "round time (server round_duration_ms, mean)",
                    String.format("%.1f s", serverRoundMs / 1000));
        }

        // Client identity is on: the edges were enrolled by the operator command line, and every
        // model carries the job's signature (job.key, read on the TaskManagers) and the run id.
        String runId = cluster.runId();
        int signed =
                SignedReleases.assertSignedByJob(
                        cluster.clientProperties(),
                        Topics.GLOBAL_MODEL,
                        cluster.jobIdentity(),
                        runId,
                        ROUNDS + 1);
        timings.put("signed global models checked (job.pub, run " + runId + ")", "" + signed);
        assertThat(rest.jobState(jobId)).isEqualTo("RUNNING");
        assertThat(rest.neverFailed(jobId))
                .as("no task of the job failed (classloading, serialization between JVMs)")
                .isTrue();
    }

    @Test
    @Order(2)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void resubmittingFromAStopWithSavepointContinuesTheRoundsWithoutGapOrDoubleCount()
            throws Exception {
        Federation f = new Federation("savepoint");
        int rounds = 4;
        List<String> flags =
                f.jobFlags(
                        "--model-spec", "logreg",
                        "--clients-per-round", "3",
                        "--min-clients", "3",
                        "--num-rounds", Integer.toString(rounds),
                        "--learning-rate", "0.1",
                        "--parallelism", "2");
        cluster.run(Duration.ofMinutes(1), f.aclFlags().toArray(String[]::new));
        String first = submit(flags);
        startFleet(f);
        try (TopicReader<GlobalModel> models =
                        TopicReader.of(
                                cluster.clientProperties(),
                                f.topic("global-model"),
                                Codecs.globalModel());
                TopicReader<ModelUpdate> updates =
                        TopicReader.of(
                                cluster.clientProperties(),
                                f.topic("updates"),
                                Codecs.modelUpdate())) {
            Duration wait = Duration.ofMinutes(8);
            // Stop as soon as version 2 is visible: round 3 is open and its clients are training.
            models.await(r -> r.size() > 2, wait, "global model version 2");
            long stopStart = System.nanoTime();
            String stopped = cluster.run(Duration.ofMinutes(2), "stop-with-savepoint", first);
            timings.put("stop-with-savepoint (CLI)", Timings.since(stopStart));
            assertThat(stopped).contains("Savepoint completed");
            assertThat(rest.jobState(first)).isEqualTo("FINISHED");
            List<GlobalModel> beforeStop = models.readToEnd(wait);
            long lastBeforeStop = beforeStop.get(beforeStop.size() - 1).getVersion();
            assertThat(lastBeforeStop).as("last version of the stopped job").isLessThan(rounds);
            long inFlight =
                    updates.readToEnd(wait).stream()
                            .filter(u -> u.getRound() == lastBeforeStop + 1)
                            .count();

            long resume = System.nanoTime();
            List<String> fromSavepoint = new ArrayList<>(List.of("-s", "last"));
            fromSavepoint.addAll(flags);
            String second = submit(fromSavepoint);
            models.await(
                    r -> r.size() > lastBeforeStop + 1, wait, "the first version after resume");
            timings.put(
                    "resubmit from savepoint to version " + (lastBeforeStop + 1) + " visible",
                    Timings.since(resume));
            List<GlobalModel> published =
                    models.await(
                            r -> r.stream().anyMatch(GlobalModel::getTrainingComplete),
                            wait,
                            "the version marked training_complete");

            assertThat(published)
                    .extracting(GlobalModel::getVersion)
                    .as("versions before (0..%d) and after the savepoint", lastBeforeStop)
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, rounds).boxed().toList());
            // Every update of the last round was written before its version: nothing to wait for.
            List<ModelUpdate> sent = updates.readToEnd(wait);
            assertThat(sent).as("updates, 3 per round").hasSize(3 * rounds);
            for (long v = 1; v <= rounds; v++) {
                assertThat(published.get((int) v).getParticipants())
                        .as("participants of version %d", v)
                        .isEqualTo(3);
                RoundChecks.FedAvgRound fedAvg =
                        RoundChecks.fedAvg(sent, v, published.get((int) v - 1));
                assertThat(fedAvg.updates()).as("updates of round %d", v).isEqualTo(3);
                assertThat(fedAvg.maxError(published.get((int) v)))
                        .as("|published - recomputed FedAvg| of version %d", v)
                        .isLessThan(AGGREGATION_TOLERANCE);
            }
            timings.put(
                    "savepoint test: stopped after version",
                    lastBeforeStop
                            + " with "
                            + inFlight
                            + "/3 updates of round "
                            + (lastBeforeStop + 1)
                            + " on the topic; resumed with "
                            + (rounds - lastBeforeStop)
                            + " rounds to go");
            assertThat(rest.neverFailed(second)).as("resumed job never failed").isTrue();
        }
    }

    @Test
    @Order(3)
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void parallelismOneAndFourPublishTheSameModels() throws Exception {
        int rounds = 3;
        Map<Integer, List<GlobalModel>> byParallelism = new TreeMap<>();
        for (int parallelism : new int[] {1, 4}) {
            Federation f = new Federation("p" + parallelism);
            cluster.run(Duration.ofMinutes(1), f.aclFlags().toArray(String[]::new));
            String id =
                    submit(
                            f.jobFlags(
                                    "--model-spec", "logreg",
                                    "--clients-per-round", "3",
                                    "--min-clients", "3",
                                    "--num-rounds", Integer.toString(rounds),
                                    "--learning-rate", "0.1",
                                    "--local-epochs", "1",
                                    "--parallelism", Integer.toString(parallelism)));
            startFleet(f);
            try (TopicReader<GlobalModel> models =
                    TopicReader.of(
                            cluster.clientProperties(),
                            f.topic("global-model"),
                            Codecs.globalModel())) {
                byParallelism.put(
                        parallelism,
                        models.await(
                                r -> r.stream().anyMatch(GlobalModel::getTrainingComplete),
                                Duration.ofMinutes(8),
                                "parallelism " + parallelism + ": training_complete"));
            }
            assertThat(rest.maxParallelism(id)).isEqualTo(parallelism);
            assertThat(rest.neverFailed(id)).isTrue();
            cancel(id); // frees the slots: parallelism 4 needs all four
        }
        List<GlobalModel> one = byParallelism.get(1);
        List<GlobalModel> four = byParallelism.get(4);
        assertThat(one).extracting(GlobalModel::getVersion).containsExactly(0L, 1L, 2L, 3L);
        assertThat(four).extracting(GlobalModel::getVersion).containsExactly(0L, 1L, 2L, 3L);
        List<String> differences = new ArrayList<>();
        for (int v = 0; v <= rounds; v++) {
            double d = RoundChecks.maxDifference(one.get(v), four.get(v));
            differences.add(String.format("v%d %.2e", v, d));
            assertThat(d)
                    .as("max |p1 - p4| of version %d (all: %s)", v, differences)
                    .isLessThanOrEqualTo(PARALLELISM_TOLERANCE);
        }
        timings.put("parallelism 1 vs 4, max |difference| by version", differences.toString());
    }

    /** One edge-producer JVM running the federation's 3 clients, all training at once. */
    private void startFleet(Federation f) throws Exception {
        List<String> args = new ArrayList<>(List.of("edge", "1", "--per-process", "3"));
        args.addAll(f.edgeFlags("--training-threads", "3", "--data-dir", DATA));
        cluster.run(Duration.ofMinutes(1), args.toArray(String[]::new));
    }

    /**
     * Submits with a round deadline far beyond any round here: every round then closes when all its
     * clients answered, so a slow or busy machine makes rounds slower, not emptier (with the
     * default 60 s, a round on a loaded 2-core machine closed at its deadline with no update).
     */
    private String submit(List<String> flags) throws Exception {
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("--round-timeout", "900s"));
        String id = cluster.submit(args);
        jobs.add(id);
        return id;
    }
}
