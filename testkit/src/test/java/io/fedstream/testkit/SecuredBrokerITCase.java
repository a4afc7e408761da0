package io.fedstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The secured broker: SCRAM users authenticate, a wrong password does not, no ACL means no. */
class SecuredBrokerITCase {

    @Test
    @Timeout(120)
    void adminWritesAUserWithoutAclIsDeniedAndAWrongPasswordFailsAuthentication() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured("alice")) {
            Properties admin = kafka.clientProperties(SecuredBroker.ADMIN);
            TopicAdmin.ensureTopics(admin, List.of(Topics.metrics("t")), (short) 1);
            try (KafkaProducer<String, byte[]> p = producer(admin)) {
                p.send(new ProducerRecord<>("t", "k", new byte[] {1})).get(30, TimeUnit.SECONDS);
            }

            try (KafkaProducer<String, byte[]> p = producer(kafka.clientProperties("alice"))) {
                assertThatThrownBy(
                                () ->
                                        p.send(new ProducerRecord<>("t", "k", new byte[] {1}))
                                                .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(TopicAuthorizationException.class)
                        .hasMessageContaining("[t]");
            }

            Properties wrong = kafka.clientProperties("alice");
            wrong.put("sasl.jaas.config", SecuredBroker.jaasConfig("alice", "not-the-password"));
            try (Admin a = Admin.create(wrong)) {
                assertThatThrownBy(() -> a.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .cause()
                        .isInstanceOf(SaslAuthenticationException.class);
            }
            assertThat(kafka.secured()).isTrue();
            assertThatThrownBy(() -> kafka.password("bob")).hasMessageContaining("'bob'");
        }
    }

    private static KafkaProducer<String, byte[]> producer(Properties base) {
        Properties p = new Properties();
        p.putAll(base);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        return new KafkaProducer<>(p);
    }
}
