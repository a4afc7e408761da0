package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.identity.Identity;
import io.fedstream.identity.SignedRecords;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.TestProducers;
import io.fedstream.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The job's side of the round protocol, written by hand: models and round tasks published
 * transactionally (as the job does), updates and heartbeats read back.
 */
final class FakeJob implements AutoCloseable {
    /** Every round's hyperparameters: 2 local epochs, learning rate 0.2, batch 8. */
    static final Hyperparameters HYPERPARAMETERS = new Hyperparameters(2, 0.2, 8, 0.0);

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final String prefix;
    private final String modelId;
    private final ModelSpec spec;
    private final KafkaProducer<String, byte[]> producer;
    private TopicReader<ModelUpdate> updateReader;
    private boolean initialised;

    FakeJob(String bootstrap, String prefix, String modelId, ModelSpec spec) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.modelId = modelId;
        this.spec = spec;
        this.producer = TestProducers.transactional(bootstrap, prefix + "fake-job");
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
     * Publishes models and tasks in one committed transaction, each signed by {@code signer} as the
     * job signs its records (headers {@link SignedRecords#SIGNATURE_HEADER} and {@link
     * SignedRecords#SIGNER_HEADER}).
     */
    void commitSigned(Identity signer, Object... records) {
        ensureTransactions();
        producer.beginTransaction();
        for (Object r : records) {
            boolean model = r instanceof GlobalModel;
            byte[] value =
                    model
                            ? Codecs.globalModel().encode((GlobalModel) r)
                            : Codecs.roundTask().encode((RoundTask) r);
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(
                            prefix + (model ? "global-model" : "round-tasks"), modelId, value);
            record.headers()
                    .add(
                            SignedRecords.SIGNATURE_HEADER,
                            signer.signer().sign(model ? "GlobalModel" : "RoundTask", value))
                    .add(
                            SignedRecords.SIGNER_HEADER,
                            signer.publicIdentity().keyId().getBytes(StandardCharsets.US_ASCII));
            producer.send(record);
        }
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

    /** Waits until {@code n} new updates matching {@code filter} arrived, returns them. */
    List<TopicReader.Received<ModelUpdate>> awaitUpdates(int n, Predicate<ModelUpdate> filter) {
        int from = updateReader().records().size();
        updateReader().awaitNew(n, filter, TIMEOUT, "updates");
        List<TopicReader.Received<ModelUpdate>> all = updateReader().records();
        List<TopicReader.Received<ModelUpdate>> fresh =
                all.subList(from, all.size()).stream().filter(r -> filter.test(r.value())).toList();
        assertThat(fresh).as("updates received").hasSize(n);
        return fresh;
    }

    /** Every update received, read up to the topic's end as of this call. */
    List<ModelUpdate> updatesToEnd() {
        return updateReader().readToEnd(TIMEOUT);
    }

    /** Every heartbeat on the topic, up to its end as of this call; keys are client ids. */
    List<ClientHeartbeat> heartbeatsToEnd() {
        try (TopicReader<ClientHeartbeat> r =
                TopicReader.of(bootstrap, prefix + "heartbeats", Codecs.heartbeat())) {
            r.readToEnd(TIMEOUT);
            List<ClientHeartbeat> out = new ArrayList<>();
            for (TopicReader.Received<ClientHeartbeat> hb : r.records()) {
                assertThat(hb.key()).isEqualTo(hb.value().getClientId());
                out.add(hb.value());
            }
            return out;
        }
    }

    /** Waits until a heartbeat matching {@code filter} is on the topic. */
    void awaitHeartbeat(Predicate<ClientHeartbeat> filter, String what) {
        try (TopicReader<ClientHeartbeat> r =
                TopicReader.of(bootstrap, prefix + "heartbeats", Codecs.heartbeat())) {
            r.await(beats -> beats.stream().anyMatch(filter), TIMEOUT, what);
        }
    }

    /** Updates by client id; each record's key must be its client id. */
    static Map<String, ModelUpdate> decodeUpdates(List<TopicReader.Received<ModelUpdate>> records) {
        Map<String, ModelUpdate> out = new HashMap<>();
        for (TopicReader.Received<ModelUpdate> r : records) {
            assertThat(r.key()).isEqualTo(r.value().getClientId());
            out.put(r.value().getClientId(), r.value());
        }
        return out;
    }

    private TopicReader<ModelUpdate> updateReader() {
        if (updateReader == null) {
            updateReader = TopicReader.of(bootstrap, prefix + "updates", Codecs.modelUpdate());
        }
        return updateReader;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        if (updateReader != null) {
            updateReader.close();
        }
    }
}
