package io.fedstream.local;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.Decode;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The test's Byzantine client wrapper: real edge clients publish their honest updates to a private
 * topic; this relay multiplies each delta by {@code factor} (negative: a sign flip) and publishes
 * it on the job's update topic, everything else unchanged. A stand-in until edge-producer has
 * attack classes.
 */
final class SignFlipRelay implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    SignFlipRelay(String bootstrap, String from, String to, ModelSpec spec, float factor) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "sign-flip-relay");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(from));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        thread =
                new Thread(
                        () -> {
                            try {
                                while (running) {
                                    for (ConsumerRecord<byte[], byte[]> r :
                                            consumer.poll(Duration.ofMillis(100))) {
                                        ModelUpdate u = Decode.as(Codecs.modelUpdate(), r.value());
                                        float[] delta = TensorCodec.values(u.getDelta());
                                        for (int i = 0; i < delta.length; i++) {
                                            delta[i] *= factor;
                                        }
                                        ModelUpdate flipped =
                                                ModelUpdate.newBuilder(u)
                                                        .setDelta(
                                                                TensorCodec.dense(
                                                                        delta, spec.shapes()))
                                                        .build();
                                        producer.send(
                                                new ProducerRecord<>(
                                                        to,
                                                        r.key(),
                                                        Codecs.modelUpdate().encode(flipped)));
                                    }
                                    producer.flush();
                                }
                            } catch (Throwable t) {
                                failure = t;
                            }
                        },
                        "sign-flip-relay");
        thread.setDaemon(true);
        thread.start();
    }

    /** Fails with the relay's own error if it stopped. */
    void checkAlive() {
        if (failure != null) {
            throw new IllegalStateException("the sign-flip relay failed", failure);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join(10_000);
        consumer.close();
        producer.close();
    }
}
