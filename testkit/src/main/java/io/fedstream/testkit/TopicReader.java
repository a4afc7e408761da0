package io.fedstream.testkit;

import io.fedstream.contract.LogTicks;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, committed records only (the job and the fake jobs of the
 * tests write in transactions), decodes every value and keeps what it read, in partition order. No
 * consumer group: all partitions are assigned, nothing is committed.
 *
 * <p>Waits are for a positive event with a bound: {@link #await} until a condition on the records
 * holds, {@link #readToEnd} until everything committed when it was called has been read.
 */
public final class TopicReader<T> implements AutoCloseable {
    /** Turns a record value into what the test asserts on. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] value) throws WireFormatException;
    }

    /** A record as read: its key (UTF-8, null if none), decoded value and place in the topic. */
    public record Received<T>(String key, T value, int partition, long offset) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Decoder<T> decoder;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final List<Received<T>> records = new ArrayList<>();

    private TopicReader(String bootstrap, String topic, Decoder<T> decoder) {
        this(bootstrapOnly(bootstrap), topic, decoder);
    }

    private static Properties bootstrapOnly(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    private TopicReader(Properties client, String topic, Decoder<T> decoder) {
        this.topic = topic;
        this.decoder = decoder;
        String bootstrap = client.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        // No group (nothing to commit) and default fetch sizes: a record larger than a fetch is
        // still returned, alone.
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        consumer.partitionsFor(topic)
                .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrap);
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A reader that decodes each value with the contract's {@code codec}. */
    public static <T extends SpecificRecord> TopicReader<T> of(
            String bootstrap, String topic, WireCodec<T> codec) {
        return new TopicReader<>(bootstrap, topic, codec::decode);
    }

    /**
     * As {@link #of(String, String, WireCodec)} with a consumer of {@code client} (bootstrap
     * servers and, on a secured broker, a principal's security settings, e.g. {@link
     * EmbeddedKafka#clientProperties}).
     */
    public static <T extends SpecificRecord> TopicReader<T> of(
            Properties client, String topic, WireCodec<T> codec) {
        return new TopicReader<>(client, topic, codec::decode);
    }

    /** A reader that keeps each value's bytes as they are. */
    public static TopicReader<byte[]> bytes(String bootstrap, String topic) {
        return new TopicReader<>(bootstrap, topic, value -> value);
    }

    /**
     * Polls until {@code done} holds for the values read so far, or fails after {@code timeout}
     * naming {@code what} it waited for.
     *
     * @return every value read so far
     */
    public List<T> await(Predicate<List<T>> done, Duration timeout, String what) {
        List<T> read = values();
        return done.test(read)
                ? read
                : Await.until(this::poll, done, timeout, what + " on " + topic);
    }

    /** As {@link #await} with the condition that at least {@code n} values have been read. */
    public List<T> awaitCount(int n, Duration timeout, String what) {
        return await(r -> r.size() >= n, timeout, what);
    }

    /**
     * Waits until at least {@code n} of the values read after this call began (polled or not yet
     * polled before it) match {@code filter}.
     *
     * @return those values, in topic order
     */
    public List<T> awaitNew(int n, Predicate<T> filter, Duration timeout, String what) {
        int from = records.size();
        List<T> all =
                await(
                        r -> r.subList(from, r.size()).stream().filter(filter).count() >= n,
                        timeout,
                        what);
        return all.subList(from, all.size()).stream().filter(filter).toList();
    }

    /**
     * Reads up to the end offsets of the topic as they are now (for read_committed, the end of the
     * committed records): everything committed before this call, and possibly more.
     *
     * @return every value read so far
     */
    public List<T> readToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "timed out after " + timeout + " reading " + topic + " up to " + end);
            }
            poll();
        }
        return values();
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition p : partitions) {
            if (consumer.position(p) < end.get(p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * One poll of up to 200 ms.
     *
     * @return every value read so far
     */
    public List<T> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (LogTicks.KEY.equals(r.key()) && (r.value() == null || r.value().length == 0)) {
                continue; // the job's clock tick (LogTicks)
            }
            T value;
            try {
                value = decoder.decode(r.value());
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
            records.add(new Received<>(r.key(), value, r.partition(), r.offset()));
        }
        return values();
    }

    /** The values read so far, without polling. */
    public List<T> values() {
        List<T> out = new ArrayList<>(records.size());
        for (Received<T> r : records) {
            out.add(r.value());
        }
        return Collections.unmodifiableList(out);
    }

    /** The records read so far with their keys and offsets, without polling. */
    public List<Received<T>> records() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
