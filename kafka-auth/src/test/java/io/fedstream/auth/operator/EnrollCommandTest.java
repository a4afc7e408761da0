package io.fedstream.auth.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientEnrollment;
import io.fedstream.avro.EnrollmentStatus;
import io.fedstream.contract.Codecs;
import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.identity.SignedRecords;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** enroll and revoke, against Kafka's in-memory producer: the records they would write. */
class EnrollCommandTest {
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

    @TempDir Path dir;

    private Path operatorKey;
    private PublicIdentity operator;
    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    private final OperatorRun.Producers factory =
            new OperatorRun.Producers(
                    p -> {
                        MockProducer<String, byte[]> m =
                                new MockProducer<>(
                                        true,
                                        null,
                                        new StringSerializer(),
                                        new ByteArraySerializer());
                        producers.add(m);
                        return m;
                    });

    @BeforeEach
    void identities() {
        Identity op = Identity.generate("operator", OperatorRun.seeded(1));
        operatorKey = dir.resolve("operator.key");
        IdentityFiles.write(op, operatorKey);
        operator = op.publicIdentity();
        for (int i = 0; i < 3; i++) {
            String id = String.format("client-%04d", i);
            IdentityFiles.write(
                    Identity.generate(id, OperatorRun.seeded(100 + i)),
                    dir.resolve("clients/" + id + ".key"));
        }
    }

    private OperatorRun run(String... args) {
        return OperatorRun.of(
                OperatorRun.seeded(9), Clock.fixed(NOW, ZoneOffset.UTC), factory, args);
    }

    private Path pub(int i) {
        return dir.resolve(String.format("clients/client-%04d.pub", i));
    }

    private List<ProducerRecord<String, byte[]>> written() {
        assertThat(producers).hasSize(1);
        return producers.get(0).history();
    }

    private static byte[] header(ProducerRecord<String, byte[]> r, String name) {
        List<Header> all = new ArrayList<>();
        r.headers().headers(name).forEach(all::add);
        assertThat(all).as("headers %s", name).hasSize(1);
        return all.get(0).value();
    }

    /** Decodes a written value after checking the operator's signature in its headers. */
    private ClientEnrollment verified(ProducerRecord<String, byte[]> r) throws Exception {
        assertThat(new String(header(r, SignedRecords.SIGNER_HEADER), StandardCharsets.US_ASCII))
                .isEqualTo(operator.keyId());
        assertThat(
                        operator.verifier()
                                .verify(
                                        EnrollmentRecords.RECORD_TYPE,
                                        r.value(),
                                        header(r, SignedRecords.SIGNATURE_HEADER)))
                .as("operator signature of %s", r.key())
                .isTrue();
        return Codecs.clientEnrollment().decode(r.value());
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void enrollWritesOneSignedActiveRecordPerClientKeyedByItsId() throws Exception {
        OperatorRun r =
                run(
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "broker:9092",
                        "--valid-days",
                        "30",
                        "--attribute",
                        "device_class=phone",
                        "--attribute",
                        "site=lab",
                        pub(0).toString(),
                        pub(2).toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<ProducerRecord<String, byte[]>> records = written();
        assertThat(records)
                .extracting(ProducerRecord::key)
                .containsExactly("client-0000", "client-0002");
        assertThat(records).extracting(ProducerRecord::topic).containsOnly("fedstream.enrollments");
        for (int i = 0; i < 2; i++) {
            ClientEnrollment e = verified(records.get(i));
            PublicIdentity client = IdentityFiles.readPublic(pub(i * 2));
            assertThat(e.getClientId()).isEqualTo(client.name());
            assertThat(e.getStatus()).isEqualTo(EnrollmentStatus.ACTIVE);
            assertThat(bytes(e.getSigningKey())).isEqualTo(client.signingKey());
            assertThat(bytes(e.getAgreementKey())).isEqualTo(client.agreementKey());
            assertThat(e.getIssuedAt()).isEqualTo(NOW);
            assertThat(e.getNotBefore()).isEqualTo(Instant.parse("2030-01-02T02:59:05Z"));
            assertThat(e.getNotAfter()).isEqualTo(Instant.parse("2030-02-01T03:04:05Z"));
            assertThat(e.getAttributes()).isEqualTo(Map.of("device_class", "phone", "site", "lab"));
        }
        assertThat(r.out().lines())
                .containsExactly(
                        "enrolled client-0000 (key "
                                + IdentityFiles.readPublic(pub(0)).keyId()
                                + ") until 2030-02-01T03:04:05Z",
                        "enrolled client-0002 (key "
                                + IdentityFiles.readPublic(pub(2)).keyId()
                                + ") until 2030-02-01T03:04:05Z");
    }

    @Test
    void enrollWaitsForEveryInSyncReplicaAndUsesTheGivenTopicAndServers() {
        run(
                "enroll",
                "--operator",
                operatorKey.toString(),
                "--bootstrap-servers",
                "a:1,b:2",
                "--topic",
                "other.enrollments",
                pub(1).toString());

        assertThat(factory.made).hasSize(1);
        assertThat(factory.made.get(0))
                .containsEntry("acks", "all")
                .containsEntry("bootstrap.servers", "a:1,b:2");
        assertThat(written())
                .extracting(ProducerRecord::topic)
                .containsExactly("other.enrollments");
    }

    @Test
    void enrollDirTakesEveryPublicFileInIt() throws Exception {
        Files.writeString(dir.resolve("clients/notes.txt"), "not an identity");
        OperatorRun r =
                run(
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "broker:9092",
                        "--dir",
                        dir.resolve("clients").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(written())
                .extracting(ProducerRecord::key)
                .containsExactly("client-0000", "client-0001", "client-0002");
    }

    @Test
    void kafkaPropertiesFileIsApplied() throws Exception {
        Path props = dir.resolve("operator.properties");
        Files.writeString(
                props, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n");
        run(
                "enroll",
                "--operator",
                operatorKey.toString(),
                "--bootstrap-servers",
                "broker:9092",
                "--kafka-properties",
                props.toString(),
                pub(0).toString());
        assertThat(factory.made.get(0))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("acks", "all");
    }

    @Test
    void revokeWritesASignedRevocationWithTheReason() throws Exception {
        OperatorRun r =
                run(
                        "revoke",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "broker:9092",
                        "--reason",
                        "device lost",
                        pub(1).toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        ClientEnrollment e = verified(written().get(0));
        assertThat(e.getClientId()).isEqualTo("client-0001");
        assertThat(e.getStatus()).isEqualTo(EnrollmentStatus.REVOKED);
        assertThat(e.getReason()).isEqualTo("device lost");
        assertThat(e.getIssuedAt()).isEqualTo(NOW);
        assertThat(r.out().strip())
                .isEqualTo(
                        "revoked client-0001 (key "
                                + IdentityFiles.readPublic(pub(1)).keyId()
                                + ") from 2030-01-02T03:04:05Z");
    }

    @Test
    void revokeNeedsAReason() {
        OperatorRun r =
                run(
                        "revoke",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "broker:9092",
                        pub(1).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--reason");
        assertThat(producers).isEmpty();
    }

    @Test
    void refusesWithoutClientsOrOperatorAndConnectsToNothing() {
        OperatorRun none =
                run("enroll", "--operator", operatorKey.toString(), "--bootstrap-servers", "b:1");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no client given");
        OperatorRun noOperator = run("enroll", "--bootstrap-servers", "b:1", pub(0).toString());
        assertThat(noOperator.exitCode()).isEqualTo(2);
        assertThat(noOperator.err()).contains("--operator");
        assertThat(producers).isEmpty();
    }

    @Test
    void refusesAnOperatorKeyOthersMayRead() throws Exception {
        Files.setPosixFilePermissions(operatorKey, PosixFilePermissions.fromString("rw-r--r--"));
        OperatorRun r =
                run(
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "b:1",
                        pub(0).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--operator").contains(operatorKey.toString());
        assertThat(producers).isEmpty();
    }

    @Test
    void refusesTwoFilesNamingOneClientWithDifferentKeys() throws Exception {
        IdentityFiles.write(
                Identity.generate("client-0000", OperatorRun.seeded(999)),
                dir.resolve("other/x.key"));
        OperatorRun r =
                run(
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "b:1",
                        pub(0).toString(),
                        dir.resolve("other/x.pub").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("both name client client-0000");
    }

    @Test
    void refusesValidityBelowOneDay() {
        OperatorRun r =
                run(
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "b:1",
                        "--valid-days",
                        "0",
                        pub(0).toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--valid-days 0 must be >= 1");
    }

    @Test
    void aRecordTheBrokerRefusesExitsOneAndPrintsNoEnrolledLine() {
        OperatorRun.Producers failing =
                new OperatorRun.Producers(
                        p -> {
                            MockProducer<String, byte[]> m =
                                    new MockProducer<>(
                                            true,
                                            null,
                                            new StringSerializer(),
                                            new ByteArraySerializer());
                            m.sendException = new KafkaException("not authorized");
                            return m;
                        });
        OperatorRun r =
                OperatorRun.of(
                        OperatorRun.seeded(9),
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        failing,
                        "enroll",
                        "--operator",
                        operatorKey.toString(),
                        "--bootstrap-servers",
                        "b:1",
                        pub(0).toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("not authorized");
        assertThat(r.out()).doesNotContain("enrolled");
    }
}
