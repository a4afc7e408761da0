package io.fedstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kit's broker, producers and reader together: what a reader sees of transactions. */
class EmbeddedKafkaITCase {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @Timeout(120)
    void readerSeesCommittedRecordsOnlyAndReadsToTheCommittedEnd() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensureTopics(bootstrap, List.of(Topics.metrics("t")), (short) 1);
            try (KafkaProducer<String, byte[]> tx = TestProducers.transactional(bootstrap, "tx");
                    KafkaProducer<String, byte[]> plain = TestProducers.plain(bootstrap);
                    TopicReader<byte[]> reader = TopicReader.bytes(bootstrap, "t")) {
                tx.initTransactions();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("t", "k", utf8("committed")));
                tx.commitTransaction();
                tx.beginTransaction();
                tx.send(new ProducerRecord<>("t", "k", utf8("aborted")));
                tx.flush();
                tx.abortTransaction();
                plain.send(new ProducerRecord<>("t", "p", utf8("plain"))).get();

                assertThat(reader.readToEnd(WAIT))
                        .extracting(v -> new String(v, StandardCharsets.UTF_8))
                        .containsExactly("committed", "plain");
                assertThat(reader.records())
                        .extracting(TopicReader.Received::key)
                        .containsExactly("k", "p");

                tx.beginTransaction();
                tx.send(new ProducerRecord<>("t", "k", utf8("late")));
                tx.commitTransaction();
                assertThat(reader.awaitCount(3, WAIT, "the late record")).hasSize(3);
                plain.send(new ProducerRecord<>("t", "p", utf8("skip"))).get();
                plain.send(new ProducerRecord<>("t", "p", utf8("new"))).get();
                assertThat(reader.awaitNew(1, v -> v[0] == 'n', WAIT, "the new record"))
                        .extracting(v -> new String(v, StandardCharsets.UTF_8))
                        .containsExactly("new");
            }
            assertThatThrownBy(() -> TopicReader.bytes(bootstrap, "missing"))
                    .hasMessageContaining("topic missing does not exist");
        }
    }

    @Test
    @Timeout(120)
    void onlyTopicsStampedByTheBrokerPassTheJobsTimestampCheck() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            // The contract's client topics are LogAppendTime; a plain topic is CreateTime.
            TopicAdmin.ensureTopics(
                    bootstrap,
                    List.of(Topics.updates("u"), Topics.heartbeats("h"), Topics.metrics("plain")),
                    (short) 1);
            java.util.Properties admin = new java.util.Properties();
            admin.put("bootstrap.servers", bootstrap);

            TopicAdmin.requireBrokerTimestamps(admin, List.of("u", "h"));
            assertThatThrownBy(
                            () -> TopicAdmin.requireBrokerTimestamps(admin, List.of("u", "plain")))
                    .hasMessageContaining("topic plain has message.timestamp.type=CreateTime")
                    .hasMessageContaining("--add-config message.timestamp.type=LogAppendTime");
        }
    }
}
