package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.LocalDpStatus;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.TestData;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.privacy.LocalAccountant;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.model.ModelSpec;
import io.fedstream.privacy.L2Clip;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet of real Kafka clients against an in-process KRaft broker, with the test playing the job:
 * it publishes models and round tasks (transactionally, as the job does) and reads what the clients
 * send back.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetITCase {
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:12-6-3");
    private static final String MODEL = "it-model";
    private static KafkaClusterTestKit cluster;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        bootstrap = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void followsRoundsPublishesUpdatesAndStopsWhenTrainingIsComplete() throws Exception {
        String p = "run1.";
        List<Dataset> data =
                List.of(
                        TestData.separable(40, 12, 3, 1),
                        TestData.separable(50, 12, 3, 2),
                        TestData.separable(60, 12, 3, 3));
        FleetConfig config = fleetConfig(p, 3, true);

        // The clients start before the topics exist and must wait for them.
        try (Fleet fleet = Fleet.start(config, data);
                FakeJob job = new FakeJob(p)) {
            Thread.sleep(1000);
            createTopics(p);

            float[] v0 = SPEC.initialParameters(17);
            job.publishGarbage();
            job.commit(model(0, v0, false), task(1, 0, "client-0000", "client-0002"));
            // Never committed: a read_uncommitted client would see round 2 as the latest task.
            job.abort(task(2, 0, "client-0001"));

            List<ConsumerRecord<String, byte[]>> round1 = job.awaitUpdates(2, r -> true);
            Map<String, ModelUpdate> byClient = decodeUpdates(round1);
            assertThat(byClient).containsOnlyKeys("client-0000", "client-0002");
            for (int k : new int[] {0, 2}) {
                ModelUpdate u = byClient.get(FleetConfig.clientId(k));
                assertThat(u.getModelId()).isEqualTo(MODEL);
                assertThat(u.getRound()).isEqualTo(1);
                assertThat(u.getBaseVersion()).isEqualTo(0);
                assertThat(u.getNumSamples()).isEqualTo(data.get(k).size());
                assertThat(u.getTrainingLoss()).isFinite().isPositive();
                assertThat(SPEC.matchesShapes(u.getDelta().getShapes())).isTrue();
                // The update is reproducible from (client seed, round) alone.
                long seed = Seeds.derive(Seeds.derive(5, k), 1);
                float[] expected =
                        new Nd4jTrainer(SPEC).train(v0, data.get(k), 2, 0.2, 8, seed).delta();
                assertThat(TensorCodec.values(u.getDelta())).containsExactly(expected);
            }

            // Round 2: the task arrives before its model.
            float[] v1 = SPEC.initialParameters(18);
            job.commit(task(2, 1, "client-0001"));
            Thread.sleep(500);
            job.commit(model(1, v1, false));
            ModelUpdate second =
                    decodeUpdates(job.awaitUpdates(1, r -> r.key().equals("client-0001")))
                            .get("client-0001");
            assertThat(second.getRound()).isEqualTo(2);
            assertThat(second.getBaseVersion()).isEqualTo(1);

            List<ClientHeartbeat> beats = job.heartbeats();
            Map<String, Integer> perClient = new HashMap<>();
            for (ClientHeartbeat hb : beats) {
                perClient.merge(hb.getClientId(), 1, Integer::sum);
                int k = Integer.parseInt(hb.getClientId().substring("client-".length()));
                assertThat(hb.getNumSamples()).isEqualTo(data.get(k).size());
                assertThat(hb.getModelId()).isEqualTo(MODEL);
                assertThat(hb.getDevice()).containsKeys("os", "arch", "cores", "jvm");
            }
            assertThat(perClient).containsOnlyKeys("client-0000", "client-0001", "client-0002");
            assertThat(perClient.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));

            job.commit(model(2, v1, true));
            assertThat(fleet.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(fleet.clients())
                    .allSatisfy(c -> assertThat(c.updatesSent()).isLessThanOrEqualTo(1));
            assertThat(job.allUpdates()).hasSize(3);
        }
    }

    @Test
    void colludingIpmClientsSendMinusEpsilonTimesTheMeanOfTheRoundsHonestUpdates()
            throws Exception {
        String p = "run4.";
        createTopics(p);
        List<Dataset> data = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            data.add(TestData.separable(30 + 10 * k, 12, 3, 20 + k));
        }
        AttackConfig ipm =
                AttackConfig.builder()
                        .type(AttackType.IPM)
                        .byzantineFraction(0.5)
                        .ipmEpsilon(2)
                        .seed(11)
                        .build();
        FleetConfig config =
                FleetConfig.builder()
                        .numClients(4)
                        .clientSeed(5)
                        .trainingThreads(2)
                        .attack(ipm)
                        .client(fleetConfig(p, 4, true).clientTemplate().toBuilder())
                        .build();
        List<String> byzantine = Fleet.byzantineClients(config);
        assertThat(byzantine).hasSize(2);
        try (Fleet fleet = Fleet.start(config, data);
                FakeJob job = new FakeJob(p)) {
            assertThat(fleet.byzantineClients()).isEqualTo(byzantine);
            float[] v0 = SPEC.initialParameters(3);
            job.commit(
                    model(0, v0, false),
                    task(1, 0, "client-0000", "client-0001", "client-0002", "client-0003"));
            Map<String, ModelUpdate> sent = decodeUpdates(job.awaitUpdates(4, r -> true));

            // Every client's honest update, recomputed from (client seed, round) alone.
            List<float[]> honest = new ArrayList<>();
            double[] mean = new double[SPEC.numParameters()];
            for (int k = 0; k < 4; k++) {
                long seed = Seeds.derive(Seeds.derive(5, k), 1);
                float[] d = new Nd4jTrainer(SPEC).train(v0, data.get(k), 2, 0.2, 8, seed).delta();
                honest.add(d);
                for (int i = 0; i < d.length; i++) {
                    mean[i] += d[i] / 4.0;
                }
            }
            for (int k = 0; k < 4; k++) {
                String id = FleetConfig.clientId(k);
                float[] values = TensorCodec.values(sent.get(id).getDelta());
                assertThat(sent.get(id).getNumSamples()).isEqualTo(data.get(k).size());
                if (byzantine.contains(id)) {
                    for (int i = 0; i < values.length; i++) {
                        assertThat((double) values[i]).isCloseTo(-2 * mean[i], within(1e-5));
                    }
                } else {
                    assertThat(values).containsExactly(honest.get(k));
                }
            }
            job.commit(model(1, v0, true));
            assertThat(fleet.awaitCompletion(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aLateJoinerAnswersOnlyTheCurrentRoundEvenAfterAnAbortedTail() throws Exception {
        String p = "run3.";
        createTopics(p);
        try (FakeJob job = new FakeJob(p)) {
            job.commit(model(0, SPEC.initialParameters(1), false), task(1, 0, "client-0000"));
            job.commit(model(1, SPEC.initialParameters(2), false), task(2, 1, "client-0000"));
            job.abort(task(3, 1, "client-0000"));

            try (Fleet fleet =
                    Fleet.start(
                            fleetConfig(p, 1, true), List.of(TestData.separable(30, 12, 3, 5)))) {
                ModelUpdate u = decodeUpdates(job.awaitUpdates(1, r -> true)).get("client-0000");
                assertThat(u.getRound()).isEqualTo(2);
                assertThat(u.getBaseVersion()).isEqualTo(1);
                assertThat(job.allUpdates()).hasSize(1);
                assertThat(fleet.clients().get(0).updatesSent()).isEqualTo(1);
            }
        }
    }

    @Test
    void aClientThatStaysRunsPastTrainingCompleteUntilClosed() throws Exception {
        String p = "run2.";
        createTopics(p);
        Fleet fleet =
                Fleet.start(fleetConfig(p, 1, false), List.of(TestData.separable(30, 12, 3, 4)));
        try (FakeJob job = new FakeJob(p)) {
            job.commit(model(0, SPEC.initialParameters(1), true));
            Thread.sleep(2000);
            assertThat(fleet.completion()).isNotDone();
        } finally {
            long start = System.nanoTime();
            fleet.close();
            assertThat(fleet.completion()).isCompleted();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void aLocalDpClientSendsItsClippedNoisedUpdateReportsEpsilonAndStopsAtItsBudget()
            throws Exception {
        String p = "run5.";
        createTopics(p);
        double clip = 0.5;
        double z = 2.0;
        // A budget that fits exactly one release.
        double budget = new LocalAccountant(z, 1e-5).epsilon(1) * (1 + 1e-9);
        LocalDpSettings dp = new LocalDpSettings(clip, z, 1e-5, budget, true);
        FleetConfig base = fleetConfig(p, 1, true);
        FleetConfig config =
                FleetConfig.builder()
                        .numClients(1)
                        .clientSeed(5)
                        .trainingThreads(1)
                        .client(base.clientTemplate().toBuilder().localDp(dp))
                        .build();
        Dataset data = TestData.separable(40, 12, 3, 1);
        try (FakeJob job = new FakeJob(p);
                Fleet fleet = Fleet.start(config, List.of(data))) {
            float[] v0 = SPEC.initialParameters(17);
            job.commit(model(0, v0, false), task(1, 0, "client-0000"));
            ModelUpdate u = decodeUpdates(job.awaitUpdates(1, r -> true)).get("client-0000");

            // Reproduce the release: train, clip to C, add N(0, (zC)^2) from the seeded stream.
            long clientSeed = Seeds.derive(5, 0);
            float[] expected =
                    new Nd4jTrainer(SPEC)
                            .train(v0, data, 2, 0.2, 8, Seeds.derive(clientSeed, 1))
                            .delta();
            L2Clip.clipInPlace(expected, clip);
            java.util.SplittableRandom noise =
                    new java.util.SplittableRandom(Seeds.derive(clientSeed, -2));
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) (expected[i] + z * clip * noise.nextGaussian());
            }
            assertThat(TensorCodec.values(u.getDelta())).containsExactly(expected);

            // Round 2 would exceed the budget: no update, and the heartbeat says why.
            job.commit(model(1, SPEC.initialParameters(18), false), task(2, 1, "client-0000"));
            Thread.sleep(3000);
            assertThat(job.allUpdates()).hasSize(1);
            List<ClientHeartbeat> beats = job.heartbeats();
            LocalDpStatus last = beats.get(beats.size() - 1).getLocalDp();
            assertThat(last.getReleases()).isEqualTo(1);
            assertThat(last.getEpsilonSpent()).isEqualTo(new LocalAccountant(z, 1e-5).epsilon(1));
            assertThat(last.getEpsilonBudget()).isEqualTo(budget);
            assertThat(last.getExhausted()).isTrue();
            assertThat(last.getClip()).isEqualTo(clip);
            assertThat(last.getNoiseMultiplier()).isEqualTo(z);
            assertThat(beats.get(0).getLocalDp().getReleases()).isZero();
        }
    }

    private static FleetConfig fleetConfig(String prefix, int clients, boolean stopWhenComplete) {
        return FleetConfig.builder()
                .numClients(clients)
                .clientSeed(5)
                .trainingThreads(2)
                .client(
                        EdgeClientConfig.builder()
                                .bootstrapServers(bootstrap)
                                .modelId(MODEL)
                                .updatesTopic(prefix + "updates")
                                .heartbeatsTopic(prefix + "heartbeats")
                                .roundTasksTopic(prefix + "round-tasks")
                                .globalModelTopic(prefix + "global-model")
                                .heartbeatIntervalMs(300)
                                .stopWhenComplete(stopWhenComplete))
                .build();
    }

    private static void createTopics(String p) {
        TopicAdmin.ensureTopics(
                bootstrap,
                List.of(
                        Topics.updates(p + "updates"),
                        Topics.heartbeats(p + "heartbeats"),
                        Topics.roundTasks(p + "round-tasks"),
                        Topics.globalModel(p + "global-model")),
                (short) 1);
    }

    private static Map<String, ModelUpdate> decodeUpdates(
            List<ConsumerRecord<String, byte[]>> records) throws Exception {
        Map<String, ModelUpdate> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            ModelUpdate u = Codecs.modelUpdate().decode(r.value());
            assertThat(r.key()).isEqualTo(u.getClientId());
            out.put(u.getClientId(), u);
        }
        return out;
    }

    private static GlobalModel model(long version, float[] params, boolean complete) {
        return GlobalModel.newBuilder()
                .setModelId(MODEL)
                .setVersion(version)
                .setModelSpec(SPEC.toString())
                .setParameters(TensorCodec.dense(params, SPEC.shapes()))
                .setCreatedAt(Instant.now())
                .setTrainingComplete(complete)
                .build();
    }

    private static RoundTask task(long round, long version, String... selected) {
        return RoundTask.newBuilder()
                .setModelId(MODEL)
                .setRound(round)
                .setModelVersion(version)
                .setSelectedClients(List.of(selected))
                .setDeadline(Instant.now().plusSeconds(60))
                .setHyperparameters(new Hyperparameters(2, 0.2, 8))
                .setCreatedAt(Instant.now())
                .build();
    }

    /** The job's side of the protocol, written by hand: transactional writes, plain reads. */
    private static final class FakeJob implements AutoCloseable {
        private final String prefix;
        private final KafkaProducer<String, byte[]> producer;
        private final List<ConsumerRecord<String, byte[]>> updates = new ArrayList<>();
        private KafkaConsumer<String, byte[]> updateReader;
        private boolean initialised;

        FakeJob(String prefix) {
            this.prefix = prefix;
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "fake-job");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class.getName());
            this.producer = new KafkaProducer<>(props);
        }

        void commit(Object... records) {
            ensureTransactions();
            producer.beginTransaction();
            send(records);
            producer.commitTransaction();
        }

        void abort(Object... records) {
            ensureTransactions();
            producer.beginTransaction();
            send(records);
            producer.flush();
            producer.abortTransaction();
        }

        /** Bytes that are no Avro record, in a committed transaction of their own. */
        void publishGarbage() {
            ensureTransactions();
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(prefix + "round-tasks", MODEL, new byte[] {1, 2, 3}));
            producer.send(
                    new ProducerRecord<>(
                            prefix + "global-model", MODEL, new byte[] {(byte) 0xC3, 1, 9}));
            producer.commitTransaction();
        }

        private void ensureTransactions() {
            if (!initialised) {
                producer.initTransactions();
                initialised = true;
            }
        }

        private void send(Object... records) {
            for (Object r : records) {
                if (r instanceof GlobalModel m) {
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + "global-model",
                                    MODEL,
                                    Codecs.globalModel().encode(m)));
                } else {
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + "round-tasks",
                                    MODEL,
                                    Codecs.roundTask().encode((RoundTask) r)));
                }
            }
        }

        /**
         * Waits until {@code n} new update records matching {@code filter} arrived, returns them.
         */
        List<ConsumerRecord<String, byte[]>> awaitUpdates(
                int n, Predicate<ConsumerRecord<String, byte[]>> filter) {
            if (updateReader == null) {
                updateReader = reader(prefix + "updates");
            }
            List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fresh.size() < n && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : updateReader.poll(Duration.ofMillis(200))) {
                    updates.add(r);
                    if (filter.test(r)) {
                        fresh.add(r);
                    }
                }
            }
            assertThat(fresh).as("updates received").hasSize(n);
            return fresh;
        }

        /** Every update received so far, after a last short poll. */
        List<ConsumerRecord<String, byte[]>> allUpdates() {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < until) {
                updateReader.poll(Duration.ofMillis(200)).forEach(updates::add);
            }
            return updates;
        }

        List<ClientHeartbeat> heartbeats() throws Exception {
            List<ClientHeartbeat> out = new ArrayList<>();
            try (KafkaConsumer<String, byte[]> c = reader(prefix + "heartbeats")) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < until) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                        ClientHeartbeat hb = Codecs.heartbeat().decode(r.value());
                        assertThat(r.key()).isEqualTo(hb.getClientId());
                        out.add(hb);
                    }
                }
            }
            return out;
        }

        private static KafkaConsumer<String, byte[]> reader(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class.getName());
            props.put(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            props.put(
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                    Integer.toString(Topics.MAX_MESSAGE_BYTES));
            KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props);
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic)
                    .forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            return c;
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
            if (updateReader != null) {
                updateReader.close();
            }
        }
    }
}
