package io.fedstream.local;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the metrics topic and pairs, per round, the server's record with the evaluator's. Used by
 * the demo to print progress lines and write the CSV; reads committed records only.
 */
public final class MetricsCollector implements AutoCloseable {
    /** The server's and the evaluator's metrics of one round. */
    public record RoundView(long round, RoundMetrics server, RoundMetrics evaluation) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String modelId;
    private final WireCodec<RoundMetrics> codec = Codecs.roundMetrics();
    private final Map<Long, RoundMetrics> server = new TreeMap<>();
    private final Map<Long, RoundMetrics> evaluator = new TreeMap<>();
    private long nextComplete = 0;

    /** Reads the job's metrics from {@code topic} and the evaluator's from the evaluations one. */
    public MetricsCollector(String bootstrapServers, String topic, String modelId) {
        this(bootstrapServers, List.of(topic, Topics.EVALUATIONS), modelId);
    }

    public MetricsCollector(String bootstrapServers, List<String> topics, String modelId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> parts = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic)
                    .forEach(info -> parts.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.modelId = modelId;
    }

    /** Polls once and returns the rounds that became complete (both records present), in order. */
    public List<RoundView> poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            try {
                RoundMetrics m = codec.decode(r.value());
                if (!modelId.equals(m.getModelId())) {
                    continue;
                }
                (m.getSource() == MetricsSource.EVALUATOR ? evaluator : server)
                        .put(m.getRoundNumber(), m);
            } catch (WireFormatException e) {
                // Not ours to judge: another producer's record; the demo only reads what it
                // understands.
            }
        }
        List<RoundView> done = new ArrayList<>();
        while (server.containsKey(nextComplete) && evaluator.containsKey(nextComplete)) {
            done.add(
                    new RoundView(
                            nextComplete, server.get(nextComplete), evaluator.get(nextComplete)));
            nextComplete++;
        }
        return done;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
