package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.model.ModelSpec;
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

/**
 * The job's side of the round protocol, written by hand: models and round tasks published
 * transactionally (as the job does), updates and heartbeats read back.
 */
final class FakeJob implements AutoCloseable {
    /** Every round's hyperparameters: 2 local epochs, learning rate 0.2, batch 8. */
    static final Hyperparameters HYPERPARAMETERS = new Hyperparameters(2, 0.2, 8);

    private final String bootstrap;
    private final String prefix;
    private final String modelId;
    private final ModelSpec spec;
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConsumerRecord<String, byte[]>> updates = new ArrayList<>();
    private KafkaConsumer<String, byte[]> updateReader;
    private boolean initialised;

    FakeJob(String bootstrap, String prefix, String modelId, ModelSpec spec) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.modelId = modelId;
        this.spec = spec;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "fake-job");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    GlobalModel model(long version, float[] params, boolean complete) {
        return GlobalModel.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setModelSpec(spec.toString())
                .setParameters(TensorCodec.dense(params, spec.shapes()))
                .setCreatedAt(Instant.now())
                .setTrainingComplete(complete)
                .build();
    }

    RoundTask task(long round, long version, String... selected) {
        return RoundTask.newBuilder()
                .setModelId(modelId)
                .setRound(round)
                .setModelVersion(version)
                .setSelectedClients(List.of(selected))
                .setDeadline(Instant.now().plusSeconds(60))
                .setHyperparameters(HYPERPARAMETERS)
                .setCreatedAt(Instant.now())
                .build();
    }

    /** Publishes models and tasks in one committed transaction. */
    void commit(Object... records) {
        ensureTransactions();
        producer.beginTransaction();
        send(records);
        producer.commitTransaction();
    }

    /**
     * Publishes models and tasks in a transaction that is aborted: read_committed never sees them.
     */
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
        producer.send(new ProducerRecord<>(prefix + "round-tasks", modelId, new byte[] {1, 2, 3}));
        producer.send(
                new ProducerRecord<>(
                        prefix + "global-model", modelId, new byte[] {(byte) 0xC3, 1, 9}));
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
                                prefix + "global-model", modelId, Codecs.globalModel().encode(m)));
            } else {
                producer.send(
                        new ProducerRecord<>(
                                prefix + "round-tasks",
                                modelId,
                                Codecs.roundTask().encode((RoundTask) r)));
            }
        }
    }

    /** Waits until {@code n} new update records matching {@code filter} arrived, returns them. */
    List<ConsumerRecord<String, byte[]>> awaitUpdates(
            int n, Predicate<ConsumerRecord<String, byte[]>> filter) {
        List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (fresh.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : updateReader().poll(Duration.ofMillis(200))) {
                updates.add(r);
                if (filter.test(r)) {
                    fresh.add(r);
                }
            }
        }
        assertThat(fresh).as("updates received").hasSize(n);
        return fresh;
    }

    /** Every update record received, read up to the topic's end as of this call. */
    List<ConsumerRecord<String, byte[]>> updatesToEnd() {
        updates.addAll(readToEnd(updateReader()));
        return updates;
    }

    /** Every heartbeat on the topic, up to its end as of this call. */
    List<ClientHeartbeat> heartbeatsToEnd() throws Exception {
        List<ClientHeartbeat> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = reader(prefix + "heartbeats")) {
            for (ConsumerRecord<String, byte[]> r : readToEnd(c)) {
                ClientHeartbeat hb = Codecs.heartbeat().decode(r.value());
                assertThat(r.key()).isEqualTo(hb.getClientId());
                out.add(hb);
            }
        }
        return out;
    }

    /** Updates by client id; each record's key must be its client id. */
    static Map<String, ModelUpdate> decodeUpdates(List<ConsumerRecord<String, byte[]>> records)
            throws Exception {
        Map<String, ModelUpdate> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            ModelUpdate u = Codecs.modelUpdate().decode(r.value());
            assertThat(r.key()).isEqualTo(u.getClientId());
            out.put(u.getClientId(), u);
        }
        return out;
    }

    private KafkaConsumer<String, byte[]> updateReader() {
        if (updateReader == null) {
            updateReader = reader(prefix + "updates");
        }
        return updateReader;
    }

    private static List<ConsumerRecord<String, byte[]>> readToEnd(KafkaConsumer<String, byte[]> c) {
        Map<TopicPartition, Long> end = c.endOffsets(c.assignment());
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (end.entrySet().stream().anyMatch(e -> c.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                fail("not at the end offsets " + end + " after 60 s");
            }
            c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }

    private KafkaConsumer<String, byte[]> reader(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(Topics.MAX_MESSAGE_BYTES));
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props);
        List<TopicPartition> parts = new ArrayList<>();
        c.partitionsFor(topic).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
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
