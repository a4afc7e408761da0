package io.fedstream.cluster;

import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning, committed records only (the job writes in transactions),
 * decodes every value with the contract's codec and keeps what it read.
 */
final class TopicReader<T extends SpecificRecord> implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final WireCodec<T> codec;
    private final List<T> records = new ArrayList<>();

    TopicReader(String bootstrap, String topic, WireCodec<T> codec) {
        this.codec = codec;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        consumer.partitionsFor(topic)
                .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
        if (parts.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap);
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
    }

    /**
     * Polls until {@code done} holds for the records read so far, or fails after {@code timeout}.
     */
    List<T> await(Predicate<List<T>> done, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; read "
                                + records);
            }
            poll();
        }
        return List.copyOf(records);
    }

    /** One poll; returns everything read so far. */
    List<T> poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            try {
                records.add(codec.decode(r.value()));
            } catch (WireFormatException e) {
                throw new AssertionError(
                        "undecodable record at "
                                + r.topic()
                                + "/"
                                + r.partition()
                                + "@"
                                + r.offset()
                                + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
