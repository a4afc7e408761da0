package io.fedstream.auth.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientEnrollment;
import io.fedstream.avro.EnrollmentStatus;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.identity.SignedRecords;
import io.fedstream.testkit.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator command line against a real broker: keygen, enroll, and the records read back. */
class OperatorEnrollmentITCase {
    @TempDir Path dir;

    private static OperatorRun operator(String... args) {
        return OperatorRun.of(
                OperatorRun.seeded(3),
                Clock.systemUTC(),
                p -> new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()),
                args);
    }

    @Test
    void enrolledPublicFilesAreOnTheTopicSignedByTheOperator() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicAdmin.ensureTopics(
                    kafka.bootstrapServers(),
                    List.of(Topics.enrollments(Topics.ENROLLMENTS)),
                    (short) 1);
            Path op = dir.resolve("operator.key");
            assertThat(operator("keygen", "--out", op.toString()).exitCode()).isZero();
            Path clients = dir.resolve("clients");
            assertThat(
                            operator(
                                            "keygen",
                                            "--dir",
                                            clients.toString(),
                                            "client-0000",
                                            "client-0001")
                                    .exitCode())
                    .isZero();

            OperatorRun enroll =
                    operator(
                            "enroll",
                            "--operator",
                            op.toString(),
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            clients.resolve("client-0000.pub").toString(),
                            clients.resolve("client-0001.pub").toString());
            assertThat(enroll.exitCode()).as(enroll.err()).isZero();
            assertThat(enroll.out().lines())
                    .hasSize(2)
                    .allMatch(l -> l.startsWith("enrolled client-000"));

            PublicIdentity operatorPub = IdentityFiles.readPublic(dir.resolve("operator.pub"));
            List<ConsumerRecord<String, byte[]>> read = readTwo(kafka.bootstrapServers());
            assertThat(read)
                    .extracting(ConsumerRecord::key)
                    .containsExactly("client-0000", "client-0001");
            for (ConsumerRecord<String, byte[]> r : read) {
                byte[] signature = r.headers().lastHeader(SignedRecords.SIGNATURE_HEADER).value();
                assertThat(
                                new String(
                                        r.headers().lastHeader(SignedRecords.SIGNER_HEADER).value(),
                                        StandardCharsets.US_ASCII))
                        .isEqualTo(operatorPub.keyId());
                assertThat(
                                operatorPub
                                        .verifier()
                                        .verify(
                                                EnrollmentRecords.RECORD_TYPE,
                                                r.value(),
                                                signature))
                        .isTrue();
                ClientEnrollment e = Codecs.clientEnrollment().decode(r.value());
                PublicIdentity client = IdentityFiles.readPublic(clients.resolve(r.key() + ".pub"));
                assertThat(e.getClientId()).isEqualTo(r.key());
                assertThat(e.getStatus()).isEqualTo(EnrollmentStatus.ACTIVE);
                byte[] key = new byte[e.getSigningKey().remaining()];
                e.getSigningKey().duplicate().get(key);
                assertThat(key).isEqualTo(client.signingKey());
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readTwo(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.ENROLLMENTS, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (out.size() < 2 && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
