package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.data.Dataset;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Byzantine robustness end to end (real broker, job on a MiniCluster, real edge clients): 2 of 10
 * clients (20%) send their honest delta multiplied by −4 (a boosted sign flip). Plain FedAvg then
 * moves the model against the honest direction and its accuracy falls far below the clean run; the
 * coordinate-wise trimmed mean (β = 0.2 trims 2 of 10 per end) stays within 3 points of clean. A
 * last run keeps the guard's anomaly detection on and checks that it dead-letters only the
 * attackers. logreg on small label-skewed Gaussian data, so every run takes seconds.
 */
class SignFlipRobustnessITCase {
    private static final String SPEC_TEXT = "logreg:20-3";
    private static final ModelSpec SPEC = ModelSpec.parse(SPEC_TEXT);
    private static final int CLIENTS = 10;
    private static final int BYZANTINE = 2;
    private static final int ROUNDS = 4;

    /** The guard run needs two anomalous rounds and then a quarantined one, with slack. */
    private static final int GUARD_ROUNDS = 6;

    private static final float FLIP = -4f;
    private static final String BYZANTINE_TOPIC = "byzantine-honest-updates";
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** Three Gaussian blobs in 20 dimensions; client c sees class c mod 3 60% of the time. */
    static Dataset blobs(Random rng, int n, int skewedClass) {
        return SmallFederation.blobs(rng, n, 170, 80, 35, skewedClass);
    }

    private record Outcome(
            double accuracy, List<DeadLetter> deadLetters, Map<String, Long> rejectedInMetrics) {}

    private Outcome run(String model, String aggregator, boolean attacked, boolean guard)
            throws Exception {
        return run(model, aggregator, attacked, guard, ROUNDS);
    }

    private Outcome run(
            String model, String aggregator, boolean attacked, boolean guard, int rounds)
            throws Exception {
        Random rng = new Random(2026);
        List<Dataset> data = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            data.add(blobs(rng, 60, c % 3));
        }
        Dataset test = blobs(new Random(99), 900, -1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            // The small federation's settings with ten clients on logreg, trained harder.
            Configuration c = SmallFederation.jobSettings(bootstrap, model, rounds);
            c.set(RoundOptions.MODEL_SPEC, SPEC_TEXT);
            c.set(RoundOptions.NUM_CLIENTS, CLIENTS);
            c.set(RoundOptions.CLIENTS_PER_ROUND, CLIENTS);
            c.set(RoundOptions.LEARNING_RATE, 0.5);
            c.set(RoundOptions.BATCH_SIZE, 10);
            c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(300));
            c.set(AggregationOptions.AGGREGATOR, Aggregator.parse(aggregator));
            c.set(AggregationOptions.BYZANTINE_F, BYZANTINE);
            c.set(AggregationOptions.TRIM_BETA, 0.2);
            c.set(GuardOptions.GUARD_ANOMALY_DETECTION, guard);
            JobConfig config = SmallFederation.withTopics(c);
            JobTopics topics = new JobTopics(config);
            TopicAdmin.ensureTopics(bootstrap, List.of(Topics.updates(BYZANTINE_TOPIC)), (short) 1);

            int honest = attacked ? CLIENTS - BYZANTINE : CLIENTS;
            EdgeClientConfig.Builder client =
                    EdgeClientConfig.builder()
                            .bootstrapServers(bootstrap)
                            .modelId(model)
                            .heartbeatIntervalMs(500);
            FleetConfig honestFleet =
                    FleetConfig.builder()
                            .numClients(CLIENTS)
                            .clientCount(honest)
                            .clientSeed(5)
                            .trainingThreads(2)
                            .client(client)
                            .build();
            FleetConfig byzantineFleet =
                    !attacked
                            ? null
                            : FleetConfig.builder()
                                    .numClients(CLIENTS)
                                    .firstClient(honest)
                                    .clientCount(CLIENTS - honest)
                                    .clientSeed(5)
                                    .trainingThreads(1)
                                    .client(client.updatesTopic(BYZANTINE_TOPIC))
                                    .build();
            try (LocalJob job = LocalJob.start(config, 2);
                    SignFlipRelay relay =
                            new SignFlipRelay(
                                    bootstrap,
                                    BYZANTINE_TOPIC,
                                    config.get(KafkaOptions.TOPIC_UPDATES),
                                    SPEC,
                                    FLIP);
                    Fleet fleet = Fleet.start(honestFleet, data.subList(0, honest));
                    Fleet byzantines =
                            attacked
                                    ? Fleet.start(byzantineFleet, data.subList(honest, CLIENTS))
                                    : null;
                    TopicReader<GlobalModel> models = topics.globalModels();
                    TopicReader<DeadLetter> deadLetters = topics.deadLetters();
                    TopicReader<RoundMetrics> metrics = topics.metrics()) {
                GlobalModel last = models.awaitCount(rounds + 1, WAIT, "global models").get(rounds);
                assertThat(last.getVersion()).isEqualTo(rounds);
                relay.checkAlive();
                job.checkAlive();
                double accuracy =
                        new ReferenceModel(SPEC, TensorCodec.values(last.getParameters()))
                                .evaluate(test, 0, test.size())
                                .accuracy();
                // The job writes a round's dead letters and metrics in the transaction of its
                // version or an earlier one: all are committed once the last version is visible.
                List<DeadLetter> letters = deadLetters.readToEnd(WAIT);
                Map<String, Long> rejected = new TreeMap<>();
                metrics.readToEnd(WAIT).stream()
                        .filter(m -> m.getSource() == MetricsSource.SERVER)
                        .forEach(
                                m ->
                                        m.getRejected()
                                                .forEach(
                                                        (k, v) -> rejected.merge(k, v, Long::sum)));
                // Printed so that the figures quoted in the README can be re-read from a CI log.
                System.out.printf(
                        java.util.Locale.ROOT,
                        "SignFlipRobustnessITCase %s attacked=%s guard=%s: accuracy %.4f after %d"
                                + " rounds, %d dead letters, rejected in RoundMetrics %s%n",
                        aggregator,
                        attacked,
                        guard,
                        accuracy,
                        rounds,
                        letters.size(),
                        rejected);
                return new Outcome(accuracy, letters, rejected);
            }
        }
    }

    @Test
    @Timeout(600)
    void trimmedMeanResistsTwentyPercentSignFlippersWhereFedAvgFails() throws Exception {
        Outcome clean = run("clean", "fedavg", false, false);
        Outcome fedavg = run("fedavg-attacked", "fedavg", true, false);
        Outcome trimmed = run("trimmed-attacked", "trimmed-mean", true, false);
        assertThat(clean.accuracy()).as("clean FedAvg accuracy").isGreaterThan(0.8);
        assertThat(fedavg.accuracy())
                .as("attacked FedAvg vs clean %s", clean.accuracy())
                .isLessThan(clean.accuracy() - 0.2);
        assertThat(trimmed.accuracy())
                .as("attacked trimmed mean vs clean %s", clean.accuracy())
                .isGreaterThanOrEqualTo(clean.accuracy() - 0.03);
        assertThat(clean.deadLetters()).isEmpty();
        assertThat(trimmed.deadLetters()).isEmpty();
    }

    @Test
    @Timeout(600)
    void krumOnTheBlasGramKernelResistsSignFlippersInsideTheMiniCluster() throws Exception {
        // Krum's Gram matrix runs through OpenBLAS in the task manager (GramKernel.fastest()).
        assertThat(GramKernel.fastest()).isEqualTo(GramKernel.BLAS);
        Outcome clean = run("clean", "fedavg", false, false);
        Outcome krum = run("krum-attacked", "krum", true, false);
        assertThat(krum.accuracy())
                .as("attacked Krum vs clean %s", clean.accuracy())
                .isGreaterThanOrEqualTo(clean.accuracy() - 0.05);
        assertThat(krum.deadLetters()).isEmpty();
    }

    @Test
    @Timeout(300)
    void theGuardDeadLettersOnlyTheSignFlippers() throws Exception {
        Outcome guarded = run("guarded", "trimmed-mean", true, true, GUARD_ROUNDS);
        List<String> byzantineIds = List.of(FleetConfig.clientId(8), FleetConfig.clientId(9));
        assertThat(guarded.deadLetters()).isNotEmpty();
        assertThat(guarded.deadLetters())
                .allSatisfy(
                        d -> {
                            assertThat(d.getClientId()).isIn(byzantineIds);
                            assertThat(d.getReason())
                                    .isIn(ReasonCode.ANOMALOUS_UPDATE, ReasonCode.QUARANTINED);
                        });
        // Two anomalies (rounds 2 and 3 once the guard has model v1) quarantine each attacker.
        assertThat(guarded.deadLetters())
                .filteredOn(d -> d.getReason() == ReasonCode.QUARANTINED)
                .isNotEmpty();
        // The same rejections, counted per reason in the rounds' RoundMetrics.
        Map<String, Long> fromLetters = new TreeMap<>();
        guarded.deadLetters().forEach(d -> fromLetters.merge(d.getReason().name(), 1L, Long::sum));
        assertThat(guarded.rejectedInMetrics()).isEqualTo(fromLetters);
        assertThat(guarded.accuracy()).isGreaterThan(0.8);
    }
}
