package io.fedstream.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.contract.Codecs;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.identity.RecordVerifier;
import io.fedstream.identity.SignedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a global-model topic with its headers and checks every record is the job's, of the run. */
final class SignedReleases {
    private SignedReleases() {}

    /**
     * Asserts that each committed record of {@code topic} (partition 0) carries {@code job}'s
     * signature and {@code runId}, and that there are at least {@code atLeast}.
     *
     * @return how many records were checked
     */
    static int assertSignedByJob(
            Properties client, String topic, PublicIdentity job, String runId, int atLeast)
            throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(16 << 20));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (c.position(tp) < end && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).as("records of %s", topic).hasSizeGreaterThanOrEqualTo(atLeast);
        RecordVerifier verifier = job.verifier();
        for (ConsumerRecord<String, byte[]> r : records) {
            Header signature = r.headers().lastHeader(SignedRecords.SIGNATURE_HEADER);
            assertThat(signature).as("signature header at offset %d", r.offset()).isNotNull();
            assertThat(verifier.verify("GlobalModel", r.value(), signature.value()))
                    .as("job signature of the model at offset %d", r.offset())
                    .isTrue();
            assertThat(Codecs.globalModel().decode(r.value()).getRunId()).isEqualTo(runId);
        }
        return records.size();
    }
}
