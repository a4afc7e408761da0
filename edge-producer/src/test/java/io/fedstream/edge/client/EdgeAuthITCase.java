package io.fedstream.edge.client;

import static io.fedstream.edge.TestIdentities.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.edge.TestData;
import io.fedstream.identity.Identity;
import io.fedstream.identity.JobRecordCheck.Rejection;
import io.fedstream.identity.RecordVerifier;
import io.fedstream.identity.SelectionTags;
import io.fedstream.identity.SignedRecords;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client with authentication on against an in-process broker, the test playing the job with a job
 * identity of its own: forged final models and forged tasks (unsigned, or signed by another key,
 * even ones that list the client's true tag) change nothing; the genuine signed tasks are answered
 * with signed updates, and the genuine final model stops the client.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EdgeAuthITCase {
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:12-6-3");
    private static final String MODEL = "auth-model";
    private static final String RUN = "run-auth-1";
    private static final String ME = "client-0000";
    private static TestBroker broker;

    private final Identity job = identity("job", 100);
    private final Identity intruder = identity("job", 666);
    private final Identity me = identity(ME, 1);

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    private GlobalModel model(FakeJob fake, long version, boolean complete) {
        GlobalModel m = fake.model(version, SPEC.initialParameters(version + 1), complete);
        m.setRunId(RUN);
        return m;
    }

    /** A task of the run listing this client's tag, as the job computes it. */
    private RoundTask task(FakeJob fake, long round, long version) {
        byte[] key =
                SelectionTags.keyAtJob(
                        job.agreementKey(),
                        job.publicIdentity().agreementKey(),
                        me.publicIdentity().agreementKey());
        RoundTask t = fake.task(round, version);
        t.setRunId(RUN);
        t.setSelectionTags(List.of(ByteBuffer.wrap(SelectionTags.tag(key, RUN, MODEL, round))));
        return t;
    }

    @Test
    void ignoresForgedModelsAndTasksAndAnswersTheGenuineOnesSigned() throws Exception {
        String p = "auth1.";
        broker.createTopics(p);
        FleetConfig config =
                FleetConfig.builder()
                        .numClients(1)
                        .clientSeed(5)
                        .trainingThreads(1)
                        .client(broker.client(p, MODEL, true))
                        .auth(job.publicIdentity(), RUN, Map.of(ME, me))
                        .build();
        try (Fleet fleet = Fleet.start(config, List.of(TestData.separable(40, 12, 3, 1)));
                FakeJob fake = new FakeJob(broker.bootstrap(), p, MODEL, SPEC)) {
            EdgeClient client = fleet.clients().get(0);
            GlobalModel forgedEnd = model(fake, 1L << 62, true);
            RoundTask forgedTask =
                    task(fake, 50, 0); // with the true tag: only the signature stops it
            RoundTask forgedTask2 = task(fake, 60, 0);
            forgedTask2.setSelectedClients(List.of(ME));

            fake.commitSigned(job, model(fake, 0, false));
            fake.commit(forgedEnd, forgedTask); // unsigned
            fake.commitSigned(intruder, forgedEnd, forgedTask2); // signed by another key
            fake.commitSigned(job, task(fake, 1, 0));

            ModelUpdate first = fake.awaitUpdates(1, u -> true).get(0).value();
            assertThat(first.getRound()).isEqualTo(1);
            assertThat(first.getRunId()).isEqualTo(RUN);
            Eventually.await("the four forgeries refused", () -> client.rejections().total() == 4);
            assertThat(fleet.rejections().get(Rejection.UNSIGNED)).isEqualTo(2);
            assertThat(fleet.rejections().get(Rejection.OTHER_SIGNER)).isEqualTo(2);
            assertThat(client.latestModelVersion()).isZero();
            assertThat(client.pollLoopAlive()).isTrue();

            // Training goes on: round 2 from a genuine version 1, then the genuine end.
            fake.commitSigned(job, model(fake, 1, false), task(fake, 2, 1));
            ModelUpdate second = fake.awaitUpdates(1, u -> u.getRound() == 2).get(0).value();
            assertThat(second.getBaseVersion()).isEqualTo(1);
            fake.commitSigned(job, model(fake, 2, true));
            assertThat(fleet.awaitCompletion(Duration.ofSeconds(60))).isTrue();

            // Stopped: the client's topics are final. Every record is signed by the client's key
            // over the bytes on the topic, and one sequence runs over updates and heartbeats.
            RecordVerifier verifier = me.publicIdentity().verifier();
            List<Long> sequences = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> updates = readAll(p + "updates");
            assertThat(updates).hasSize(2);
            for (ConsumerRecord<String, byte[]> r : updates) {
                assertSigned(verifier, "ModelUpdate", r);
                ModelUpdate u = Codecs.modelUpdate().decode(r.value());
                assertThat(u.getRunId()).isEqualTo(RUN);
                sequences.add(u.getSequence());
            }
            List<ConsumerRecord<String, byte[]>> beats = readAll(p + "heartbeats");
            assertThat(beats).isNotEmpty();
            long previous = Long.MIN_VALUE;
            for (ConsumerRecord<String, byte[]> r : beats) {
                assertSigned(verifier, "ClientHeartbeat", r);
                ClientHeartbeat hb = Codecs.heartbeat().decode(r.value());
                assertThat(hb.getRunId()).isEqualTo(RUN);
                assertThat(hb.getSequence()).isGreaterThan(previous);
                previous = hb.getSequence();
                sequences.add(hb.getSequence());
            }
            assertThat(sequences).doesNotHaveDuplicates();
            assertThat(Codecs.modelUpdate().decode(updates.get(1).value()).getSequence())
                    .isGreaterThan(
                            Codecs.modelUpdate().decode(updates.get(0).value()).getSequence());
        }
    }

    private void assertSigned(
            RecordVerifier verifier, String type, ConsumerRecord<String, byte[]> r) {
        assertThat(r.key()).isEqualTo(ME);
        byte[] signer = r.headers().lastHeader(SignedRecords.SIGNER_HEADER).value();
        assertThat(new String(signer, StandardCharsets.US_ASCII))
                .isEqualTo(me.publicIdentity().keyId());
        byte[] sig = r.headers().lastHeader(SignedRecords.SIGNATURE_HEADER).value();
        assertThat(verifier.verify(type, r.value(), sig)).as("%s@%d", type, r.offset()).isTrue();
    }

    /** Every record of {@code topic}'s partition 0 up to its end, headers included. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            List<TopicPartition> parts =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime())
                        .as("reading %s to its end", topic)
                        .isLessThan(deadline);
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
