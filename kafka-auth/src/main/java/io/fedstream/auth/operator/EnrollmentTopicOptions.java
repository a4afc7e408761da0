package io.fedstream.auth.operator;

import io.fedstream.auth.KafkaClientProperties;
import io.fedstream.contract.Topics;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Option;

/** Where {@code enroll} and {@code revoke} write, and with which key they sign. */
final class EnrollmentTopicOptions {
    @Option(
            names = "--operator",
            required = true,
            paramLabel = "FILE.key",
            description =
                    "The operator's private identity file (0600): every record is signed with"
                            + " it; the job checks the signature with the matching .pub"
                            + " (--operator-identity).")
    Path operator;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT[,..]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = KafkaClientProperties.FLAG,
            paramLabel = "FILE",
            description =
                    "Client properties of the operator principal (WRITE on the enrollment"
                            + " topic), e.g. SASL settings.")
    Path kafkaProperties;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            defaultValue = Topics.ENROLLMENTS,
            description =
                    "The enrollment topic (the job's --topic-enrollments; default ${DEFAULT-VALUE}).")
    String topic;

    /** The operator's identity; its file's permissions are checked. */
    Identity operatorIdentity() {
        try {
            return IdentityFiles.read(operator);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--operator " + e.getMessage(), e);
        }
    }

    /**
     * The producer's properties: the file's, then the bootstrap servers and acks=all (an enrollment
     * counts once every in-sync replica has it), idempotent.
     */
    Properties producerProperties() {
        Properties p = new Properties();
        if (kafkaProperties != null) {
            p.putAll(KafkaClientProperties.forProcess(kafkaProperties));
        }
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // A missing topic or an unreachable broker fails within a minute, not two.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        return p;
    }
}
