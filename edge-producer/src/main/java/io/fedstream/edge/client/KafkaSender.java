package io.fedstream.edge.client;

import io.fedstream.edge.identity.RecordSealer;
import io.fedstream.identity.SignedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge client's producer, shared by the poll loop (heartbeats) and the training threads
 * (updates): records are keyed by the client id, counted once acknowledged, and refused once the
 * client is closing, so that nothing is sent on a closed producer. A signed record carries its
 * signature and signer key id in the {@link SignedRecords} headers. Records are sealed under the
 * sender's lock, so that the order of their sequence numbers is the order they are sent in.
 */
final class KafkaSender {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSender.class);

    private final String clientId;
    private final Producer<String, byte[]> producer;
    private final Object lock = new Object();
    private boolean closing; // guarded by lock

    KafkaSender(String clientId, Producer<String, byte[]> producer) {
        this.clientId = clientId;
        this.producer = producer;
    }

    /**
     * Seals and sends a record unless the client is closing; false if it was (then {@code seal} is
     * not called). Failures are logged by the callback.
     */
    boolean send(String topic, Supplier<RecordSealer.Sealed> seal, String what, AtomicLong acked) {
        synchronized (lock) {
            if (closing) {
                LOG.debug("{}: dropping {} after close", clientId, what);
                return false;
            }
            RecordSealer.Sealed sealed = seal.get();
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topic, clientId, sealed.value());
            if (sealed.signed()) {
                record.headers()
                        .add(SignedRecords.SIGNATURE_HEADER, sealed.signature())
                        .add(
                                SignedRecords.SIGNER_HEADER,
                                sealed.signer().getBytes(StandardCharsets.US_ASCII));
            }
            producer.send(
                    record,
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
