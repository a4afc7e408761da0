package io.fedstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's Kafka security settings: the sources and the sink carry a config-provider reference,
 * never the password, and a Kafka client resolves the reference when it is created.
 */
class KafkaEndpointsSecurityTest {
    private static final String PASSWORD = "pw-7f3a9c1e-do-not-serialize";
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"fedstream-job\" password=\""
                    + PASSWORD
                    + "\";";

    @TempDir Path dir;
    private Path secrets;
    private JobConfig config;

    @BeforeEach
    void writeFiles() throws Exception {
        secrets = dir.resolve("job-secrets.properties");
        Properties s = new Properties();
        s.put("sasl.jaas.config", JAAS);
        try (var out = Files.newBufferedWriter(secrets)) {
            s.store(out, null);
        }
        Path client = dir.resolve("job.properties");
        Files.writeString(
                client,
                "security.protocol=SASL_PLAINTEXT\n"
                        + "sasl.mechanism=SCRAM-SHA-256\n"
                        + "config.providers=file\n"
                        + "config.providers.file.class="
                        + "org.apache.kafka.common.config.provider.FileConfigProvider\n"
                        + "sasl.jaas.config=${file:"
                        + secrets
                        + ":sasl.jaas.config}\n");
        config = config(client);
    }

    private static JobConfig config(Path kafkaProperties) {
        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, "m");
        c.set(KafkaOptions.BOOTSTRAP_SERVERS, "127.0.0.1:9");
        c.set(KafkaOptions.KAFKA_PROPERTIES, kafkaProperties.toString());
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        return JobConfig.of(c);
    }

    private static String serialized(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void serializedSourcesAndSinkHoldTheReferenceNotThePassword() throws Exception {
        for (Object endpoint :
                new Object[] {
                    KafkaEndpoints.updatesSource(config),
                    KafkaEndpoints.heartbeatsSource(config),
                    KafkaEndpoints.globalModelSource(config),
                    KafkaEndpoints.roundTaskSource(config),
                    KafkaEndpoints.sink(config)
                }) {
            String graph = serialized(endpoint);
            assertThat(graph)
                    .as("%s, Java-serialized", endpoint.getClass().getSimpleName())
                    .doesNotContain(PASSWORD)
                    .contains("${file:" + secrets + ":sasl.jaas.config}")
                    .contains("SCRAM-SHA-256");
        }
    }

    @Test
    void consumerProducerAndAdminConfigsResolveTheReferenceWhenCreated() {
        Properties p = KafkaEndpoints.adminProperties(config);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        for (AbstractConfig c :
                new AbstractConfig[] {
                    new ConsumerConfig(p), new ProducerConfig(p), new AdminClientConfig(p)
                }) {
            assertThat(c.getPassword("sasl.jaas.config").value())
                    .as(c.getClass().getSimpleName())
                    .isEqualTo(JAAS);
        }
    }

    @Test
    void anInlinePasswordIsRefusedBeforeAnyEndpointIsBuilt() throws Exception {
        Path inline = dir.resolve("inline.properties");
        Properties p = new Properties();
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.jaas.config", JAAS);
        try (var out = Files.newBufferedWriter(inline)) {
            p.store(out, null);
        }
        JobConfig bad = config(inline);
        assertThatThrownBy(() -> KafkaEndpoints.sink(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--kafka-properties " + inline)
                .hasMessageContaining("[sasl.jaas.config] hold a secret inline")
                .hasMessageNotContaining(PASSWORD);
        assertThatThrownBy(() -> KafkaEndpoints.updatesSource(bad))
                .hasMessageContaining("serialized into the job graph");
    }

    @Test
    void withoutTheOptionTheEndpointsHaveNoSecuritySettings() {
        JobConfig plain = JobConfig.fromMap(java.util.Map.of("client-auth", "off"));
        assertThat(KafkaEndpoints.clientProperties(plain)).isEmpty();
        assertThat(KafkaEndpoints.adminProperties(plain)).containsOnlyKeys("bootstrap.servers");
    }

    @Test
    void transactionalIdsAndGroupStartWithWhatTheAclPlanGrants() {
        assertThat(KafkaEndpoints.transactionalIdPrefix(config))
                .startsWith(config.get(KafkaOptions.TRANSACTIONAL_ID_PREFIX));
        assertThat(KafkaEndpoints.groupId(config))
                .startsWith(io.fedstream.auth.AclPlan.JOB_GROUP_PREFIX);
        assertThat(io.fedstream.auth.AclPlan.DEFAULT_TRANSACTIONAL_ID_PREFIX)
                .isEqualTo(KafkaOptions.TRANSACTIONAL_ID_PREFIX.defaultValue());
    }
}
