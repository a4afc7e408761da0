package io.fedstream.auth.operator;

import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.SignedRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes signed enrollment records: keyed by client id (the topic is compacted on it), the value as
 * signed, the signature and the signer's key id in the {@link SignedRecords} headers.
 */
final class EnrollmentPublisher {
    private final Producer<String, byte[]> producer;
    private final String topic;

    EnrollmentPublisher(Producer<String, byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** The Kafka record of {@code signed} on {@code topic}. */
    static ProducerRecord<String, byte[]> record(String topic, EnrollmentRecords.Signed signed) {
        ProducerRecord<String, byte[]> r =
                new ProducerRecord<>(topic, signed.clientId(), signed.value());
        r.headers().add(SignedRecords.SIGNATURE_HEADER, signed.signature());
        r.headers()
                .add(
                        SignedRecords.SIGNER_HEADER,
                        signed.signer().getBytes(StandardCharsets.US_ASCII));
        return r;
    }

    /**
     * Sends every record and waits until the broker acknowledged each (the producer's acks).
     *
     * @throws IllegalStateException naming the first client whose record was not written
     */
    List<RecordMetadata> publish(List<EnrollmentRecords.Signed> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (EnrollmentRecords.Signed s : records) {
            sent.add(producer.send(record(topic, s)));
        }
        producer.flush();
        List<RecordMetadata> acked = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                acked.add(sent.get(i).get(90, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing to " + topic, e);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException(
                        "the record of "
                                + records.get(i).clientId()
                                + " was not written to "
                                + topic
                                + " ("
                                + acked.size()
                                + " of "
                                + records.size()
                                + " were): "
                                + cause,
                        cause);
            }
        }
        return acked;
    }
}
