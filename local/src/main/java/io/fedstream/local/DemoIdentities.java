package io.fedstream.local;

import io.fedstream.edge.client.FleetConfig;
import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.identity.SignedRecords;
import io.fedstream.job.config.IdentityOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The keys of a local run, provisioned as an operator would (docs/deployment.md): a federation
 * operator identity, the job's identity (its private key in a 0600 file the job reads), one
 * identity per simulated client, all enrolled on the enrollment topic with the operator's
 * signature, and a fresh run id. Keys come from {@link SecureRandom}: they decide nothing about
 * learning (selection and data are seeded elsewhere), only who may speak.
 */
public final class DemoIdentities {
    private final Path dir;
    private final Identity operator;
    private final Identity job;
    private final Map<String, Identity> clients;
    private final String runId;

    private DemoIdentities(
            Path dir,
            Identity operator,
            Identity job,
            Map<String, Identity> clients,
            String runId) {
        this.dir = dir;
        this.operator = operator;
        this.job = job;
        this.clients = clients;
        this.runId = runId;
    }

    /** New identities for clients {@code 0 .. numClients - 1} in a new temporary folder. */
    public static DemoIdentities create(int numClients) {
        SecureRandom random = new SecureRandom();
        try {
            Path dir = Files.createTempDirectory("fedstream-identities-");
            Identity operator = Identity.generate("operator", random);
            Identity job = Identity.generate("job", random);
            IdentityFiles.write(operator, dir.resolve("operator.key"));
            IdentityFiles.write(job, dir.resolve("job.key"));
            Map<String, Identity> clients = new LinkedHashMap<>();
            for (int i = 0; i < numClients; i++) {
                String id = FleetConfig.clientId(i);
                clients.put(id, Identity.generate(id, random));
            }
            return new DemoIdentities(
                    dir, operator, job, clients, "demo-" + UUID.randomUUID().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the identities folder", e);
        }
    }

    /** Sets the job's identity options (its key file, the operator's public file, the run). */
    public void applyTo(Configuration c) {
        c.set(IdentityOptions.JOB_IDENTITY, dir.resolve("job.key").toString());
        c.set(IdentityOptions.OPERATOR_IDENTITY, dir.resolve("operator.pub").toString());
        c.set(IdentityOptions.RUN_ID, runId);
    }

    /** Writes every client's signed enrollment, valid for a day, to the enrollment topic. */
    public void enrollAll(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Identity client : clients.values()) {
                EnrollmentRecords.Signed e =
                        EnrollmentRecords.enroll(
                                operator,
                                client.publicIdentity(),
                                now.minus(Duration.ofMinutes(5)),
                                now.plus(Duration.ofDays(1)),
                                Map.of("device_class", "simulated"),
                                now);
                ProducerRecord<String, byte[]> r =
                        new ProducerRecord<>(topic, e.clientId(), e.value());
                r.headers().add(SignedRecords.SIGNATURE_HEADER, e.signature());
                r.headers()
                        .add(
                                SignedRecords.SIGNER_HEADER,
                                e.signer().getBytes(StandardCharsets.US_ASCII));
                producer.send(r);
            }
            producer.flush();
        }
    }

    public PublicIdentity jobPublic() {
        return job.publicIdentity();
    }

    public String runId() {
        return runId;
    }

    public Map<String, Identity> clients() {
        return clients;
    }
}
