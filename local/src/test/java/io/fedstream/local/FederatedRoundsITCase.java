package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.model.ModelSpec;
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
            FleetConfig fleetConfig = SmallFederation.fleet(bootstrap, MODEL, 11);
            try (LocalJob job = LocalJob.start(config, 2);
                    Fleet fleet = Fleet.start(fleetConfig, SmallFederation.clientData());
                    TopicReader models =
                            new TopicReader(
                                    bootstrap, config.get(KafkaOptions.TOPIC_GLOBAL_MODEL));
                    TopicReader updates =
                            new TopicReader(bootstrap, config.get(KafkaOptions.TOPIC_UPDATES));
                    TopicReader tasks =
                            new TopicReader(bootstrap, config.get(KafkaOptions.TOPIC_ROUND_TASKS));
                    TopicReader metrics =
                            new TopicReader(bootstrap, config.get(KafkaOptions.TOPIC_METRICS));
                    TopicReader deadLetters =
                            new TopicReader(
                                    bootstrap, config.get(KafkaOptions.TOPIC_DEAD_LETTER))) {
                List<GlobalModel> published =
                        models
                                .await(r -> r.size() > ROUNDS, WAIT, "global models 0.." + ROUNDS)
                                .stream()
                                .map(r -> Decode.as(Codecs.globalModel(), r.value()))
                                .toList();
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L, 3L);
                assertThat(published.get(ROUNDS).getTrainingComplete()).isTrue();
                assertThat(TensorCodec.values(published.get(0).getParameters()))
                        .containsExactly(SPEC.initialParameters(config.get(RoundOptions.SEED)));

                List<ModelUpdate> sent =
                        updates.await(r -> r.size() >= CLIENTS * ROUNDS, WAIT, "updates").stream()
                                .map(r -> Decode.as(Codecs.modelUpdate(), r.value()))
                                .toList();
                for (int round = 1; round <= ROUNDS; round++) {
                    float[] previous = TensorCodec.values(published.get(round - 1).getParameters());
                    float[] actual = TensorCodec.values(published.get(round).getParameters());
                    double[] expected = new double[previous.length];
                    double weight = 0;
                    int count = 0;
                    for (ModelUpdate u : sent) {
                        if (u.getRound() != round) {
                            continue;
                        }
                        assertThat(u.getBaseVersion()).isEqualTo(round - 1);
                        float[] delta = TensorCodec.values(u.getDelta());
                        for (int i = 0; i < delta.length; i++) {
                            expected[i] += u.getNumSamples() * (double) delta[i];
                        }
                        weight += u.getNumSamples();
                        count++;
                    }
                    assertThat(count).as("updates of round %d", round).isEqualTo(CLIENTS);
                    assertThat(weight).isEqualTo(30 + 40 + 50 + 60 + 70);
                    double maxError = 0;
                    for (int i = 0; i < actual.length; i++) {
                        maxError =
                                Math.max(
                                        maxError,
                                        Math.abs(actual[i] - (previous[i] + expected[i] / weight)));
                    }
                    assertThat(maxError)
                            .as("max |published - expected| in round %d", round)
                            .isLessThan(1e-6);
                    assertThat(published.get(round).getParticipants()).isEqualTo(CLIENTS);
                    assertThat(published.get(round).getTotalSamples()).isEqualTo(250);
                }

                List<RoundTask> roundTasks =
                        tasks.await(r -> r.size() >= ROUNDS, WAIT, "round tasks").stream()
                                .map(r -> Decode.as(Codecs.roundTask(), r.value()))
                                .toList();
                assertThat(roundTasks).extracting(RoundTask::getRound).containsExactly(1L, 2L, 3L);
                assertThat(roundTasks)
                        .allSatisfy(t -> assertThat(t.getSelectedClients()).hasSize(CLIENTS));

                List<RoundMetrics> server =
                        metrics.await(r -> r.size() > ROUNDS, WAIT, "metrics").stream()
                                .map(r -> Decode.as(Codecs.roundMetrics(), r.value()))
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
                assertThat(deadLetters.records()).isEmpty();
                assertThat(fleet.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                job.checkAlive();
            }
        }
    }
}
