package io.fedstream.edge.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup side of an edge client's consumer: waiting until the client's four topics exist, and
 * telling when the consumer has read up to the history it found at start.
 */
final class InputTopics {
    private static final Logger LOG = LoggerFactory.getLogger(InputTopics.class);

    private final EdgeClientConfig config;
    private final KafkaConsumer<String, byte[]> consumer;

    InputTopics(EdgeClientConfig config, KafkaConsumer<String, byte[]> consumer) {
        this.config = config;
        this.consumer = consumer;
    }

    /**
     * The partitions of the task and model topics, once all four topics exist; null if {@code
     * running} turned false first.
     *
     * @param pause waits between two looks, returning early when the client closes
     */
    List<TopicPartition> awaitPartitions(BooleanSupplier running, Consumer<Duration> pause) {
        List<String> needed =
                List.of(
                        config.roundTasksTopic(),
                        config.globalModelTopic(),
                        config.heartbeatsTopic(),
                        config.updatesTopic());
        boolean logged = false;
        while (running.getAsBoolean()) {
            try {
                Map<String, List<PartitionInfo>> topics =
                        consumer.listTopics(Duration.ofSeconds(5));
                if (topics.keySet().containsAll(needed)) {
                    List<TopicPartition> out = new ArrayList<>();
                    for (String topic : needed.subList(0, 2)) {
                        for (PartitionInfo p : topics.get(topic)) {
                            out.add(new TopicPartition(topic, p.partition()));
                        }
                    }
                    return out;
                }
            } catch (TimeoutException e) {
                LOG.debug("{}: broker not reachable yet: {}", config.clientId(), e.getMessage());
            }
            if (!logged) {
                LOG.info(
                        "{}: waiting for topics {} on {}",
                        config.clientId(),
                        needed,
                        config.bootstrapServers());
                logged = true;
            }
            pause.accept(Duration.ofMillis(500));
        }
        return null;
    }

    /** Whether the consumer's position has reached {@code targets} on every partition. */
    boolean reached(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
