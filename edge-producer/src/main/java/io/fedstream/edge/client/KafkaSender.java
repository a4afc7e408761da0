package io.fedstream.edge.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge client's producer, shared by the poll loop (heartbeats) and the training threads
 * (updates): records are keyed by the client id, counted once acknowledged, and refused once the
 * client is closing, so that nothing is sent on a closed producer.
 */
final class KafkaSender {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final String clientId;
    private final KafkaProducer<String, byte[]> producer;
    private final Object lock = new Object();
    private boolean closing; // guarded by lock

    KafkaSender(String clientId, KafkaProducer<String, byte[]> producer) {
        this.clientId = clientId;
        this.producer = producer;
    }

    /** Sends unless the client is closing; false if it was. Failures are logged by the callback. */
    boolean send(String topic, byte[] value, String what, AtomicLong acked) {
        synchronized (lock) {
            if (closing) {
                LOG.debug("{}: dropping {} after close", clientId, what);
                return false;
            }
            producer.send(
                    new ProducerRecord<>(topic, clientId, value),
                    (metadata, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                        } else {
                            LOG.warn(
                                    "{}: {} not delivered to {}: {}",
                                    clientId,
                                    what,
                                    topic,
                                    error.toString());
                        }
                    });
            return true;
        }
    }

    /** Refuses every later send. */
    void stopSending() {
        synchronized (lock) {
            closing = true;
        }
    }

    /** Flushes what was already sent and closes the producer. */
    void close(Duration timeout) {
        stopSending();
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            LOG.warn("{}: closing producer: {}", clientId, e.toString());
        }
    }
}
