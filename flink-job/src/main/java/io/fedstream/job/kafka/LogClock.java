package io.fedstream.job.kafka;

import io.fedstream.contract.LogTicks;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a clock tick ({@link LogTicks}) to every partition of the given topics every interval,
 * from one daemon thread, so that event time on each partition keeps moving while no client writes.
 * Ticks are outside the job's transactions: they carry no data, and a tick that a restarted job
 * writes again only repeats the time.
 *
 * <p>A failed tick is logged once until one succeeds again; the job's rounds wait for event time
 * meanwhile (they never close early for want of ticks).
 */
public final class LogClock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogClock.class);
    private static final byte[] EMPTY = new byte[0];

    /** Shared by every tick: the producer's serializer only reads it. */
    private static final byte[] KEY = LogTicks.key();

    private final KafkaProducer<byte[], byte[]> producer;
    private final List<String> topics;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean failing = new AtomicBoolean();

    private LogClock(Properties properties, List<String> topics, Duration interval) {
        Properties p = new Properties();
        p.putAll(properties);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.producer = new KafkaProducer<>(p);
        this.topics = List.copyOf(topics);
        this.timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "fedstream-log-clock");
                            t.setDaemon(true);
                            return t;
                        });
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::tick, 0, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts ticking {@code topics} every {@code interval} with a producer of {@code properties}
     * (bootstrap servers and security settings).
     */
    public static LogClock start(Properties properties, List<String> topics, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("log clock interval must be > 0, got " + interval);
        }
        return new LogClock(properties, topics, interval);
    }

    private void tick() {
        try {
            for (String topic : topics) {
                for (PartitionInfo partition : producer.partitionsFor(topic)) {
                    producer.send(
                            new ProducerRecord<>(topic, partition.partition(), null, KEY, EMPTY),
                            (metadata, e) -> {
                                if (e != null) {
                                    failed(e);
                                } else if (failing.compareAndSet(true, false)) {
                                    LOG.info("log clock ticks again");
                                }
                            });
                }
            }
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Exception e) {
        if (failing.compareAndSet(false, true)) {
            LOG.warn(
                    "log clock tick failed (event time waits until ticks resume): {}",
                    e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(2));
    }
}
