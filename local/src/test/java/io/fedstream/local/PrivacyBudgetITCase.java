package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.privacy.DpRelease;
import io.fedstream.job.privacy.KeyedGaussianNoise;
import io.fedstream.privacy.RdpAccountant;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Central DP-FedAvg on a real broker and MiniCluster: privacy_spent grows each round exactly as the
 * RDP accountant says, the job stops before the round that would exceed the budget, and each
 * released model is reproducible from the update log and the noise key.
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
    void spendsTheBudgetAsTheAccountantSaysAndStopsBeforeExceedingIt() throws Exception {
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
            JobConfig config = SmallFederation.withTopics(c);

            FleetConfig fleetConfig = SmallFederation.fleet(bootstrap, MODEL, 5);
            try (LocalJob job = LocalJob.start(config, 2, KEY);
                    Fleet fleet = Fleet.start(fleetConfig, SmallFederation.clientData());
                    TopicReader models =
                            new TopicReader(
                                    bootstrap, config.get(KafkaOptions.TOPIC_GLOBAL_MODEL));
                    TopicReader metrics =
                            new TopicReader(bootstrap, config.get(KafkaOptions.TOPIC_METRICS));
                    TopicReader updates =
                            new TopicReader(bootstrap, config.get(KafkaOptions.TOPIC_UPDATES))) {
                List<GlobalModel> published =
                        models.await(r -> r.size() >= 4, WAIT, "versions 0..3").stream()
                                .map(r -> Decode.as(Codecs.globalModel(), r.value()))
                                .toList();
                assertThat(fleet.awaitCompletion(Duration.ofSeconds(60))).isTrue();
                // Nothing after the last affordable round, even given time.
                Thread.sleep(3_000);
                published =
                        models.await(r -> true, WAIT, "all versions").stream()
                                .map(r -> Decode.as(Codecs.globalModel(), r.value()))
                                .toList();
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(published.get(3).getTrainingComplete()).isTrue();

                List<RoundMetrics> server =
                        metrics.await(r -> r.size() >= 4, WAIT, "metrics").stream()
                                .map(r -> Decode.as(Codecs.roundMetrics(), r.value()))
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
                // here.
                int participants = published.stream().mapToInt(GlobalModel::getParticipants).sum();
                List<ModelUpdate> log =
                        updates.await(r -> r.size() >= participants, WAIT, "updates").stream()
                                .map(r -> Decode.as(Codecs.modelUpdate(), r.value()))
                                .toList();
                KeyedGaussianNoise noise = new KeyedGaussianNoise(KEY);
                for (int round = 1; round <= 3; round++) {
                    float[] before = TensorCodec.values(published.get(round - 1).getParameters());
                    float[] after = TensorCodec.values(published.get(round).getParameters());
                    double[] sum = new double[before.length];
                    Set<String> seen = new HashSet<>();
                    for (ModelUpdate u : log) {
                        if (u.getRound() == round && seen.add(u.getClientId())) {
                            float[] d = TensorCodec.values(u.getDelta());
                            double f = DpRelease.clipFactor(d, CLIP);
                            for (int i = 0; i < d.length; i++) {
                                sum[i] += (float) (d[i] * f);
                            }
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
                    float[] release =
                            DpRelease.release(sum, 0, Z * CLIP, Q * CLIENTS, noise, MODEL, round);
                    for (int i = 0; i < after.length; i++) {
                        assertThat((double) after[i])
                                .isCloseTo(before[i] + release[i], within(1e-5));
                    }
                }
                job.checkAlive();
            }
        }
    }
}
