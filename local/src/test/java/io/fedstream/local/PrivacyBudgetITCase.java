package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.identity.SecretFiles;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.privacy.RdpAccountant;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central DP-FedAvg on a real broker and MiniCluster: privacy_spent grows each round exactly as the
 * RDP accountant says, the job stops before the round that would exceed the budget, and each
 * released model is reproducible from the update log and the noise key by a second implementation
 * of the release ({@link ReferenceDpRelease}).
 */
class PrivacyBudgetITCase {
    private static final String MODEL = "dp-model";
    private static final byte[] KEY =
            "privacy-budget-itcase-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final int CLIENTS = SmallFederation.CLIENTS;
    private static final double Q = 4.0 / 5;
    private static final double Z = 1.0;
    private static final double CLIP = 0.5;
    private static final double DELTA = 1e-5;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    @Timeout(300)
    void spendsTheBudgetAsTheAccountantSaysAndStopsBeforeExceedingIt(@TempDir Path dir)
            throws Exception {
        double eps3 = RdpAccountant.epsilon(Q, Z, 3, DELTA);
        double eps4 = RdpAccountant.epsilon(Q, Z, 4, DELTA);
        double budget = (eps3 + eps4) / 2;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Configuration c = SmallFederation.jobSettings(bootstrap, MODEL, 20);
            c.set(RoundOptions.CLIENTS_PER_ROUND, 4);
            c.set(RoundOptions.MIN_CLIENTS, CLIENTS);
            c.set(RoundOptions.LOCAL_EPOCHS, 1);
            c.set(PrivacyOptions.DP, true);
            c.set(PrivacyOptions.DP_NOISE_MULTIPLIER, Z);
            c.set(PrivacyOptions.DP_CLIP, CLIP);
            c.set(PrivacyOptions.DP_DELTA, DELTA);
            c.set(PrivacyOptions.PRIVACY_BUDGET, budget);
            Path keyFile = dir.resolve("dp.key");
            SecretFiles.create(keyFile, KEY);
            c.set(PrivacyOptions.DP_KEY_FILE, keyFile.toString());
            JobConfig config = SmallFederation.withTopics(c);

            JobTopics topics = new JobTopics(config);
            FleetConfig fleetConfig = SmallFederation.fleet(bootstrap, MODEL, 5);
            try (LocalJob job = LocalJob.start(config, 2);
                    Fleet fleet = Fleet.start(fleetConfig, SmallFederation.clientData());
                    TopicReader<GlobalModel> models = topics.globalModels();
                    TopicReader<RoundTask> tasks = topics.roundTasks();
                    TopicReader<RoundMetrics> metrics = topics.metrics();
                    TopicReader<ModelUpdate> updates = topics.updates()) {
                models.await(
                        r -> r.stream().anyMatch(GlobalModel::getTrainingComplete),
                        WAIT,
                        "the version marked training_complete");
                assertThat(fleet.awaitCompletion(Duration.ofSeconds(60))).isTrue();
                // Nothing after the last affordable round: the job releases a version together
                // with the next round's task and its metrics, in one transaction. So once the
                // complete version is visible, the committed ends of the three topics show every
                // round there was: a version 4 would need a round 4, whose task would stand here.
                List<GlobalModel> published = models.readToEnd(WAIT);
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(published.get(3).getTrainingComplete()).isTrue();
                assertThat(tasks.readToEnd(WAIT))
                        .extracting(RoundTask::getRound)
                        .containsExactly(1L, 2L, 3L);
                List<RoundMetrics> server =
                        metrics.readToEnd(WAIT).stream()
                                .filter(m -> m.getSource() == MetricsSource.SERVER)
                                .toList();
                assertThat(server)
                        .extracting(RoundMetrics::getRoundNumber)
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(server.get(0).getPrivacySpent()).isEqualTo(0.0);
                for (int r = 1; r <= 3; r++) {
                    assertThat(server.get(r).getPrivacySpent())
                            .as("epsilon after round %d", r)
                            .isCloseTo(RdpAccountant.epsilon(Q, Z, r, DELTA), within(1e-9));
                }
                assertThat(server.get(3).getPrivacySpent()).isLessThanOrEqualTo(budget);
                assertThat(server.get(3).getStopReason())
                        .startsWith("privacy budget: round 4 would spend epsilon");

                // Replay: each release is (sum of clipped deltas + keyed noise) / (q N), recomputed
                // by ReferenceDpRelease from the update log and the key alone (no job class).
                // Tolerance: the job sums in another order (arrival per shard), which can move
                // the float32 of a released coordinate by one ulp; parameters here are below 4 in
                // magnitude, where an ulp is at most 4.8e-7. A wrong clip, weight or noise
                // coordinate moves a parameter by ~1e-2 or more.
                int participants = published.stream().mapToInt(GlobalModel::getParticipants).sum();
                List<ModelUpdate> log = updates.awaitCount(participants, WAIT, "updates");
                for (int round = 1; round <= 3; round++) {
                    float[] before = TensorCodec.values(published.get(round - 1).getParameters());
                    float[] after = TensorCodec.values(published.get(round).getParameters());
                    List<float[]> deltas = new ArrayList<>();
                    Set<String> seen = new HashSet<>();
                    for (ModelUpdate u : log) {
                        if (u.getRound() == round && seen.add(u.getClientId())) {
                            deltas.add(TensorCodec.values(u.getDelta()));
                        }
                    }
                    assertThat(seen.size())
                            .as(
                                    "round %d: log rounds %s",
                                    round,
                                    log.stream()
                                            .map(u -> u.getRound() + "/" + u.getClientId())
                                            .toList())
                            .isEqualTo(published.get(round).getParticipants());
                    double[] release =
                            ReferenceDpRelease.release(
                                    deltas, CLIP, Z, Q * CLIENTS, KEY, MODEL, round, seen);
                    for (int i = 0; i < after.length; i++) {
                        assertThat(Math.abs(before[i]))
                                .as("magnitude the tolerance assumes")
                                .isLessThan(4f);
                        assertThat(after[i])
                                .as("round %d, parameter %d", round, i)
                                .isCloseTo(before[i] + (float) release[i], within(1e-6f));
                    }
                }
                job.checkAlive();
            }
        }
    }
}
