package io.fedstream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientPropertiesTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"fedstream-job\" password=\"s3cret-pw\";";

    @TempDir Path dir;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void jobAcceptsSecretsGivenAsConfigProviderReferences() throws Exception {
        Path f =
                write(
                        "security.protocol=SASL_PLAINTEXT\n"
                                + "sasl.mechanism=SCRAM-SHA-256\n"
                                + "config.providers=file\n"
                                + "config.providers.file.class="
                                + "org.apache.kafka.common.config.provider.FileConfigProvider\n"
                                + "sasl.jaas.config=${file:/etc/x/job-secrets.properties:sasl.jaas.config}\n");
        Properties p = KafkaClientProperties.forJob(f);
        assertThat(p.getProperty("sasl.mechanism")).isEqualTo("SCRAM-SHA-256");
        assertThat(KafkaClientProperties.inlineSecrets(p)).isEmpty();
    }

    @Test
    void jobRefusesAnInlinePasswordNamingTheKeyAndTheFix() throws Exception {
        Path f =
                write(
                        "security.protocol=SASL_SSL\nsasl.jaas.config="
                                + JAAS.replace("\"", "\\\"")
                                + "\nssl.truststore.password=changeit\n");
        assertThatThrownBy(() -> KafkaClientProperties.forJob(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[sasl.jaas.config, ssl.truststore.password]")
                .hasMessageContaining("serialized into the job graph")
                .hasMessageContaining("${file:")
                .hasMessageNotContaining("s3cret-pw")
                .hasMessageNotContaining("changeit");
    }

    @Test
    void processAcceptsInlineSecrets() throws Exception {
        Path f = write("ssl.key.password=changeit\n");
        assertThat(KafkaClientProperties.forProcess(f).getProperty("ssl.key.password"))
                .isEqualTo("changeit");
    }

    @Test
    void refusesKeysTheProgramSetsItself() throws Exception {
        Path f = write("bootstrap.servers=elsewhere:9092\n");
        assertThatThrownBy(() -> KafkaClientProperties.forProcess(f))
                .hasMessageContaining("'bootstrap.servers' is set by the program itself");
    }

    @Test
    void refusesAReferenceToAnUndeclaredProvider() throws Exception {
        Path f = write("sasl.jaas.config=${file:/x.properties:sasl.jaas.config}\n");
        assertThatThrownBy(() -> KafkaClientProperties.forJob(f))
                .hasMessageContaining("references config provider 'file'")
                .hasMessageContaining("config.providers is []");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientProperties.forProcess(f))
                .hasMessageContaining("--kafka-properties " + f + ": cannot read it");
    }

    @Test
    void describeHidesInlineSecretsAndShowsReferences() {
        Properties p = new Properties();
        p.put("sasl.jaas.config", JAAS);
        p.put("ssl.truststore.password", "${file:/s.properties:pw}");
        p.put("security.protocol", "SASL_SSL");
        assertThat(KafkaClientProperties.describe(p))
                .isEqualTo(
                        "{sasl.jaas.config=(hidden), security.protocol=SASL_SSL,"
                                + " ssl.truststore.password=${file:/s.properties:pw}}");
    }

    @Test
    void secretKeysAreJaasPasswordsKeysAndSecrets() {
        assertThat(KafkaClientProperties.isSecretKey("sasl.jaas.config")).isTrue();
        assertThat(KafkaClientProperties.isSecretKey("ssl.keystore.password")).isTrue();
        assertThat(KafkaClientProperties.isSecretKey("ssl.keystore.key")).isTrue();
        assertThat(KafkaClientProperties.isSecretKey("sasl.oauthbearer.client.secret")).isTrue();
        assertThat(KafkaClientProperties.isSecretKey("ssl.truststore.location")).isFalse();
        assertThat(KafkaClientProperties.isSecretKey("sasl.mechanism")).isFalse();
    }
}
