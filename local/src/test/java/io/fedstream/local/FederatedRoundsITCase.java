package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.RoundChecks;
import io.fedstream.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Federated rounds end to end: a real KRaft broker, the job on a MiniCluster (parallelism 2, so
 * aggregation is split over two parameter-range shards), and five real edge clients training with
 * ND4J on small deterministic data. Every published global model must equal the previous one plus
 * the num_samples-weighted mean of that round's deltas, recomputed here from the update topic.
 */
class FederatedRoundsITCase {
    private static final String MODEL = "it-model";
    private static final ModelSpec SPEC = ModelSpec.parse(SmallFederation.SPEC);
    private static final int CLIENTS = SmallFederation.CLIENTS;
    private static final int ROUNDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    @Timeout(300)
    void everyGlobalModelIsTheSampleWeightedMeanOfItsRoundsUpdates() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            JobConfig config =
                    SmallFederation.withTopics(
                            SmallFederation.jobSettings(bootstrap, MODEL, ROUNDS));
            JobTopics topics = new JobTopics(config);
            FleetConfig fleetConfig = SmallFederation.fleet(bootstrap, MODEL, 11);
            try (LocalJob job = LocalJob.start(config, 2);
                    Fleet fleet = Fleet.start(fleetConfig, SmallFederation.clientData());
                    TopicReader<GlobalModel> models = topics.globalModels();
                    TopicReader<ModelUpdate> updates = topics.updates();
                    TopicReader<RoundTask> tasks = topics.roundTasks();
                    TopicReader<RoundMetrics> metrics = topics.metrics();
                    TopicReader<DeadLetter> deadLetters = topics.deadLetters()) {
                List<GlobalModel> published =
                        models.awaitCount(ROUNDS + 1, WAIT, "global models 0.." + ROUNDS);
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(published.get(ROUNDS).getTrainingComplete()).isTrue();
                assertThat(TensorCodec.values(published.get(0).getParameters()))
                        .containsExactly(SPEC.initialParameters(config.get(RoundOptions.SEED)));

                List<ModelUpdate> sent = updates.awaitCount(CLIENTS * ROUNDS, WAIT, "updates");
                assertThat(sent).hasSize(CLIENTS * ROUNDS);
                for (int round = 1; round <= ROUNDS; round++) {
                    RoundChecks.FedAvgRound fedAvg =
                            RoundChecks.fedAvg(sent, round, published.get(round - 1));
                    assertThat(fedAvg.updates())
                            .as("updates of round %d", round)
                            .isEqualTo(CLIENTS);
                    assertThat(fedAvg.samples()).isEqualTo(30 + 40 + 50 + 60 + 70);
                    assertThat(fedAvg.maxError(published.get(round)))
                            .as("max |published - expected| in round %d", round)
                            .isLessThan(1e-6);
                    assertThat(published.get(round).getParticipants()).isEqualTo(CLIENTS);
                    assertThat(published.get(round).getTotalSamples()).isEqualTo(250);
                }

                List<RoundTask> roundTasks = tasks.awaitCount(ROUNDS, WAIT, "round tasks");
                assertThat(roundTasks).extracting(RoundTask::getRound).containsExactly(1L, 2L, 3L);
                assertThat(roundTasks)
                        .allSatisfy(t -> assertThat(t.getSelectedClients()).hasSize(CLIENTS));

                List<RoundMetrics> server =
                        metrics.awaitCount(ROUNDS + 1, WAIT, "metrics").stream()
                                .filter(m -> m.getSource() == MetricsSource.SERVER)
                                .toList();
                assertThat(server)
                        .extracting(RoundMetrics::getRoundNumber)
                        .containsExactly(0L, 1L, 2L, 3L);
                for (RoundMetrics m : server.subList(1, server.size())) {
                    assertThat(m.getParticipants()).isEqualTo(CLIENTS);
                    assertThat(m.getBytesUp()).isPositive();
                    assertThat(m.getTrainLoss()).isNotNull().isPositive();
                    assertThat(m.getRejected()).isEmpty();
                }
                // Every record the job wrote before version 3 is committed by now.
                assertThat(deadLetters.readToEnd(WAIT)).isEmpty();
                assertThat(fleet.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                job.checkAlive();
            }
        }
    }
}
