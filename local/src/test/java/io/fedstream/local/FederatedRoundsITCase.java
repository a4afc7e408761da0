package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.data.Dataset;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.model.ModelSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
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
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:20-8-3");
    private static final int CLIENTS = 5;
    private static final int ROUNDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(120);

    /**
     * Three Gaussian blobs in 20 dimensions, quantized to bytes; client i gets 30 + 10 i examples.
     */
    static List<Dataset> clientData() {
        List<Dataset> out = new ArrayList<>();
        Random rng = new Random(7);
        for (int c = 0; c < CLIENTS; c++) {
            int n = 30 + 10 * c;
            byte[] x = new byte[n * 20];
            byte[] y = new byte[n];
            for (int i = 0; i < n; i++) {
                int label = rng.nextInt(3);
                y[i] = (byte) label;
                for (int j = 0; j < 20; j++) {
                    double mean = (j % 3 == label) ? 180 : 70;
                    x[i * 20 + j] =
                            (byte)
                                    Math.max(
                                            0,
                                            Math.min(
                                                    255,
                                                    (int)
                                                            Math.round(
                                                                    mean
                                                                            + 30
                                                                                    * rng
                                                                                            .nextGaussian())));
                }
            }
            out.add(new Dataset(x, y, 20, 3));
        }
        return out;
    }

    @Test
    @Timeout(300)
    void everyGlobalModelIsTheSampleWeightedMeanOfItsRoundsUpdates() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Configuration c = new Configuration();
            c.set(FedStreamOptions.BOOTSTRAP_SERVERS, bootstrap);
            c.set(FedStreamOptions.MODEL_ID, MODEL);
            c.set(FedStreamOptions.MODEL_SPEC, SPEC.toString());
            c.set(FedStreamOptions.NUM_CLIENTS, CLIENTS);
            c.set(FedStreamOptions.CLIENTS_PER_ROUND, CLIENTS);
            c.set(FedStreamOptions.NUM_ROUNDS, ROUNDS);
            c.set(FedStreamOptions.LOCAL_EPOCHS, 2);
            c.set(FedStreamOptions.LEARNING_RATE, 0.1);
            c.set(FedStreamOptions.BATCH_SIZE, 8);
            c.set(FedStreamOptions.ROUND_TIMEOUT, Duration.ofSeconds(90));
            c.set(FedStreamOptions.STARTING_OFFSETS, "earliest");
            c.set(FedStreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
            JobConfig config = JobConfig.of(c);
            TopicAdmin.ensureTopics(bootstrap, FedStreamJob.topicSpecs(config), (short) 1);

            FleetConfig fleetConfig =
                    FleetConfig.builder()
                            .numClients(CLIENTS)
                            .clientSeed(11)
                            .trainingThreads(2)
                            .client(
                                    EdgeClientConfig.builder()
                                            .bootstrapServers(bootstrap)
                                            .modelId(MODEL)
                                            .heartbeatIntervalMs(500))
                            .build();
            try (LocalJob job = LocalJob.start(config, 2);
                    Fleet fleet = Fleet.start(fleetConfig, clientData());
                    TopicReader models =
                            new TopicReader(
                                    bootstrap, config.get(FedStreamOptions.TOPIC_GLOBAL_MODEL));
                    TopicReader updates =
                            new TopicReader(bootstrap, config.get(FedStreamOptions.TOPIC_UPDATES));
                    TopicReader tasks =
                            new TopicReader(
                                    bootstrap, config.get(FedStreamOptions.TOPIC_ROUND_TASKS));
                    TopicReader metrics =
                            new TopicReader(bootstrap, config.get(FedStreamOptions.TOPIC_METRICS));
                    TopicReader deadLetters =
                            new TopicReader(
                                    bootstrap, config.get(FedStreamOptions.TOPIC_DEAD_LETTER))) {
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
                        .containsExactly(SPEC.initialParameters(config.get(FedStreamOptions.SEED)));

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
