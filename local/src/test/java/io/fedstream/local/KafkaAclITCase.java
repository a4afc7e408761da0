package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.auth.AclPlan;
import io.fedstream.auth.AclProvisioner;
import io.fedstream.auth.Principals;
import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.edge.client.Fleet;
import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.kafka.KafkaEndpoints;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.SecuredBroker;
import io.fedstream.testkit.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The federation on a broker with SASL/SCRAM authentication and ACLs: the job runs as {@code
 * User:fedstream-job} (its password reaches the TaskManagers through a file config provider) and
 * five edge clients as {@code User:fedstream-edge}, each with the {@link AclPlan} and nothing more;
 * the rounds complete. Then each principal is refused what belongs to another, with the specific
 * authorization error.
 */
class KafkaAclITCase {
    private static final String MODEL = "acl-model";
    private static final int ROUNDS = 2;
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String JOB = Principals.userName(Principals.DEFAULT_JOB);
    private static final String EDGE = Principals.userName(Principals.DEFAULT_EDGE);
    private static final String EVALUATOR = Principals.userName(Principals.DEFAULT_EVALUATOR);
    private static final String OPERATOR = Principals.userName(Principals.DEFAULT_OPERATOR);

    @TempDir Path dir;

    @Test
    @Timeout(300)
    void roundsCompleteUnderThePlanAndEachPrincipalIsRefusedTheOthersWork() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(JOB, EDGE, EVALUATOR, OPERATOR)) {
            String bootstrap = kafka.bootstrapServers();
            AclPlan plan =
                    new AclPlan(
                            AclPlan.TopicNames.withPrefix(AclPlan.DEFAULT_TOPIC_PREFIX),
                            KafkaOptions.TRANSACTIONAL_ID_PREFIX.defaultValue(),
                            Principals.defaults());
            Properties admin = kafka.clientProperties(SecuredBroker.ADMIN);
            try (Admin a = Admin.create(admin)) {
                new AclProvisioner(a).apply(plan);
            }
            TopicAdmin.ensureTopics(
                    admin, List.of(Topics.metrics(plan.topics().evaluations())), (short) 1);

            Configuration settings = SmallFederation.jobSettings(bootstrap, MODEL, ROUNDS);
            settings.set(KafkaOptions.KAFKA_PROPERTIES, jobPropertiesFile(kafka).toString());
            JobConfig config = JobConfig.of(settings);
            // As FedStreamJob.main does: the job creates its own topics, as the job principal.
            TopicAdmin.ensureTopics(
                    KafkaEndpoints.adminProperties(config),
                    FedStreamJob.topicSpecs(config),
                    (short) 1);

            try (LocalJob job = LocalJob.start(config, 1);
                    Fleet fleet =
                            Fleet.start(
                                    SmallFederation.fleet(
                                            bootstrap, MODEL, 11, kafka.clientProperties(EDGE)),
                                    SmallFederation.clientData());
                    TopicReader<GlobalModel> models =
                            TopicReader.of(
                                    kafka.clientProperties(EVALUATOR),
                                    Topics.GLOBAL_MODEL,
                                    Codecs.globalModel())) {
                List<GlobalModel> published =
                        models.awaitCount(ROUNDS + 1, WAIT, "global models 0.." + ROUNDS);
                assertThat(published)
                        .extracting(GlobalModel::getVersion)
                        .containsExactly(0L, 1L, 2L);
                assertThat(published.subList(1, ROUNDS + 1))
                        .allSatisfy(m -> assertThat(m.getParticipants()).isEqualTo(5));
                assertThat(published.get(ROUNDS).getTrainingComplete()).isTrue();
                assertThat(fleet.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                job.checkAlive();

                Properties edge = kafka.clientProperties(EDGE);
                assertThat(sendFails(edge, Topics.GLOBAL_MODEL))
                        .isInstanceOf(TopicAuthorizationException.class)
                        .hasMessageContaining("[" + Topics.GLOBAL_MODEL + "]");
                // Edge consumers assign partitions without a group, so no group ACL is asked for:
                // the fetch itself is refused (WRITE implies only DESCRIBE, not READ).
                assertThat(pollFails(edge, Topics.UPDATES))
                        .isInstanceOf(TopicAuthorizationException.class)
                        .satisfies(
                                e ->
                                        assertThat(
                                                        ((TopicAuthorizationException) e)
                                                                .unauthorizedTopics())
                                                .containsExactly(Topics.UPDATES));
                String jobTransactionalId = KafkaEndpoints.transactionalIdPrefix(config) + "-0-1";
                assertThatThrownBy(() -> initTransactions(edge, jobTransactionalId))
                        .isInstanceOf(TransactionalIdAuthorizationException.class)
                        .hasMessageContaining("Transactional Id authorization failed");

                Properties evaluator = kafka.clientProperties(EVALUATOR);
                for (String topic : List.of(Topics.METRICS, Topics.GLOBAL_MODEL)) {
                    assertThat(sendFails(evaluator, topic))
                            .as("evaluator writing %s", topic)
                            .isInstanceOf(TopicAuthorizationException.class)
                            .hasMessageContaining("[" + topic + "]");
                }
                send(evaluator, plan.topics().evaluations());
            }
        }
    }

    /**
     * The job's client properties: SCRAM with the password in a second file that only a config
     * provider reference points to, as a deployment keeps it.
     */
    private Path jobPropertiesFile(EmbeddedKafka kafka) throws Exception {
        Path secrets = dir.resolve("job-secrets.properties");
        Properties s = new Properties();
        s.put("sasl.jaas.config", kafka.clientProperties(JOB).getProperty("sasl.jaas.config"));
        try (var out = Files.newBufferedWriter(secrets)) {
            s.store(out, null);
        }
        Path client = dir.resolve("job.properties");
        Files.writeString(
                client,
                "security.protocol=SASL_PLAINTEXT\n"
                        + "sasl.mechanism="
                        + SecuredBroker.MECHANISM
                        + "\n"
                        + "config.providers=file\n"
                        + "config.providers.file.class="
                        + "org.apache.kafka.common.config.provider.FileConfigProvider\n"
                        + "sasl.jaas.config=${file:"
                        + secrets
                        + ":sasl.jaas.config}\n");
        return client;
    }

    private static KafkaProducer<byte[], byte[]> producer(Properties client) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("max.block.ms", "30000");
        return new KafkaProducer<>(p);
    }

    private static void send(Properties client, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = producer(client)) {
            p.send(new ProducerRecord<>(topic, new byte[] {1})).get(30, TimeUnit.SECONDS);
        }
    }

    /** The cause of the failed send of one record to {@code topic}. */
    private static Throwable sendFails(Properties client, String topic) {
        try {
            send(client, topic);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("sending to " + topic + " succeeded");
    }

    /** What polling {@code topic} (all partitions assigned, no group) throws. */
    private static Throwable pollFails(Properties client, String topic) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions =
                    c.partitionsFor(topic).stream()
                            .map(i -> new TopicPartition(topic, i.partition()))
                            .toList();
            c.assign(partitions);
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                try {
                    c.poll(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    return e;
                }
            }
        }
        throw new AssertionError("polling " + topic + " did not fail within " + WAIT);
    }

    private static void initTransactions(Properties client, String transactionalId) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("transactional.id", transactionalId);
        try (KafkaProducer<byte[], byte[]> producer = producer(p)) {
            producer.initTransactions();
        }
    }
}
