package io.fedstream.testkit;

import io.fedstream.contract.Topics;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers for tests that write the contract's records themselves: string keys, encoded values up
 * to the contract's {@link Topics#MAX_MESSAGE_BYTES}.
 */
public final class TestProducers {
    private TestProducers() {}

    /** A producer that waits for the broker's acknowledgement of every record. */
    public static KafkaProducer<String, byte[]> plain(String bootstrap) {
        return new KafkaProducer<>(properties(bootstrap));
    }

    /**
     * A transactional producer, as the job writes: call {@code initTransactions()} once, then
     * {@code beginTransaction()} and {@code commitTransaction()} or {@code abortTransaction()}.
     * Transactions time out after 60 s, below the broker's default maximum of 15 min.
     */
    public static KafkaProducer<String, byte[]> transactional(
            String bootstrap, String transactionalId) {
        Properties p = properties(bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        return new KafkaProducer<>(p);
    }

    /**
     * A producer of raw keys as well as values (a key that is no UTF-8, a null key), acknowledged
     * by the broker like {@link #plain}.
     */
    public static KafkaProducer<byte[], byte[]> raw(String bootstrap) {
        Properties p = properties(bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static Properties properties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }
}
