package io.fedstream.local;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.data.Dataset;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.job.config.StartingOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.flink.configuration.Configuration;

/** The small, deterministic federation the end-to-end tests run: five clients, mlp:20-8-3. */
final class SmallFederation {
    static final int CLIENTS = 5;
    static final String SPEC = "mlp:20-8-3";

    private SmallFederation() {}

    /**
     * Three Gaussian blobs in 20 dimensions, quantized to bytes; client i gets 30 + 10 i examples.
     */
    static List<Dataset> clientData() {
        List<Dataset> out = new ArrayList<>();
        Random rng = new Random(7);
        for (int c = 0; c < CLIENTS; c++) {
            out.add(blobs(rng, 30 + 10 * c, 180, 70, 30, -1));
        }
        return out;
    }

    /**
     * {@code n} examples of three Gaussian blobs in 20 dimensions, clamped to bytes: feature j has
     * mean {@code high} where j mod 3 is the label and {@code low} elsewhere, standard deviation
     * {@code sd}. Labels are uniform, or {@code skewedClass} 60% of the time if it is not negative.
     */
    static Dataset blobs(Random rng, int n, double high, double low, double sd, int skewedClass) {
        byte[] x = new byte[n * 20];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = skewedClass >= 0 && rng.nextDouble() < 0.6 ? skewedClass : rng.nextInt(3);
            y[i] = (byte) label;
            for (int j = 0; j < 20; j++) {
                double mean = (j % 3 == label) ? high : low;
                long value = Math.round(mean + sd * rng.nextGaussian());
                x[i * 20 + j] = (byte) Math.max(0, Math.min(255, value));
            }
        }
        return new Dataset(x, y, 20, 3);
    }

    /**
     * Job settings: every client every round, 2 local epochs, 500 ms checkpoints, read from the
     * start.
     */
    static Configuration jobSettings(String bootstrap, String model, int rounds) {
        Configuration c = new Configuration();
        // Client identity is the subject of ClientIdentityITCase, not of this test.
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
        c.set(RoundOptions.MODEL_ID, model);
        c.set(RoundOptions.MODEL_SPEC, SPEC);
        c.set(RoundOptions.NUM_CLIENTS, CLIENTS);
        c.set(RoundOptions.CLIENTS_PER_ROUND, CLIENTS);
        c.set(RoundOptions.NUM_ROUNDS, rounds);
        c.set(RoundOptions.LOCAL_EPOCHS, 2);
        c.set(RoundOptions.LEARNING_RATE, 0.1);
        c.set(RoundOptions.BATCH_SIZE, 8);
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofSeconds(60));
        c.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
        c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        return c;
    }

    /** The job config of {@code settings}, with its topics created. */
    static JobConfig withTopics(Configuration settings) {
        JobConfig config = JobConfig.of(settings);
        TopicAdmin.ensureTopics(
                config.get(KafkaOptions.BOOTSTRAP_SERVERS),
                FedStreamJob.topicSpecs(config),
                (short) 1);
        return config;
    }

    /** The fleet of the five clients, heartbeating every 500 ms. */
    static FleetConfig fleet(String bootstrap, String model, long clientSeed) {
        return fleet(bootstrap, model, clientSeed, new Properties());
    }

    /** As {@link #fleet(String, String, long)} with {@code kafka} applied to every Kafka client. */
    static FleetConfig fleet(String bootstrap, String model, long clientSeed, Properties kafka) {
        EdgeClientConfig.Builder client =
                EdgeClientConfig.builder()
                        .bootstrapServers(bootstrap)
                        .modelId(model)
                        .heartbeatIntervalMs(500);
        for (String key : kafka.stringPropertyNames()) {
            if (!key.equals("bootstrap.servers")) {
                client.kafkaProperty(key, kafka.getProperty(key));
            }
        }
        return FleetConfig.builder()
                .numClients(CLIENTS)
                .clientSeed(clientSeed)
                .trainingThreads(2)
                .client(client)
                .build();
    }
}
