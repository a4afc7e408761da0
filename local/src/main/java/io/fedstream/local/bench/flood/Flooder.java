package io.fedstream.local.bench.flood;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.contract.WireCodec;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.Decode;
import io.fedstream.testkit.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flooder of the bench: heartbeats under {@code fakeIds} fake ids renewed every pass (pass p
 * sends {@code fake-p-0} ... {@code fake-p-(fakeIds-1)}, so every heartbeat of the flood is a new
 * key for the rate limiter and for the registry), {@code idsPerSecond} ids a second, each sent
 * {@code repeats} times in a row (all but the first within the rate limit's interval). For every
 * round task published while it floods it also sends updates: one from each selected fake id (up to
 * half of {@code updatesPerRound}; these are admitted and reach the client guard's state) and the
 * rest under ids the job never heard from (refused as NOT_SELECTED, one dead letter each).
 */
public final class Flooder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Flooder.class);
    private static final long TICK_MS = 10;

    private final Settings s;
    private final KafkaProducer<String, byte[]> producer;
    private final WireCodec<ClientHeartbeat> heartbeats = Codecs.heartbeat();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong lastRound = new AtomicLong();
    private final Thread heartbeatThread;
    private final Thread updateThread;
    private volatile boolean running = true;
    private volatile boolean flooding;

    /** What to send, where. */
    public record Settings(
            String bootstrap,
            String modelId,
            ModelSpec spec,
            String heartbeatsTopic,
            String updatesTopic,
            String roundTasksTopic,
            int fakeIds,
            int idsPerSecond,
            int repeats,
            int updatesPerRound) {}

    public Flooder(Settings settings) {
        this.s = settings;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        heartbeatThread = new Thread(this::floodHeartbeats, "flooder-heartbeats");
        updateThread = new Thread(this::floodUpdates, "flooder-updates");
    }

    /** Starts following the round tasks (the rounds the bench reports); nothing is sent yet. */
    public void start() {
        updateThread.start();
    }

    /** Starts the flood of heartbeats, and of updates for each round task from now on. */
    public void startFlood() {
        flooding = true;
        heartbeatThread.start();
    }

    /** Stops the flood; the round tasks are still followed. */
    public void stopFlood() throws InterruptedException {
        flooding = false;
        heartbeatThread.join(10_000);
    }

    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    public long updatesSent() {
        return updatesSent.get();
    }

    /** The latest round whose task the flooder has seen. */
    public long lastRound() {
        return lastRound.get();
    }

    private void floodHeartbeats() {
        long started = System.currentTimeMillis();
        long ids = 0;
        while (flooding) {
            // Paced against the start: as many ids as idsPerSecond allows by now.
            long due = (System.currentTimeMillis() - started) * s.idsPerSecond() / 1000;
            for (; ids < due && flooding; ids++) {
                String id = "fake-" + ids / s.fakeIds() + "-" + ids % s.fakeIds();
                byte[] value = heartbeats.encode(heartbeat(id));
                for (int r = 0; r < s.repeats(); r++) {
                    producer.send(new ProducerRecord<>(s.heartbeatsTopic(), id, value));
                    heartbeatsSent.incrementAndGet();
                }
            }
            sleep(TICK_MS);
        }
    }

    private ClientHeartbeat heartbeat(String id) {
        return ClientHeartbeat.newBuilder()
                .setClientId(id)
                .setModelId(s.modelId())
                .setNumSamples(10)
                .setDevice(Map.of())
                .setTimestamp(Instant.now())
                .build();
    }

    private void floodUpdates() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "flooder-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        WireCodec<RoundTask> tasks = Codecs.roundTask();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(s.roundTasksTopic()));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    RoundTask task = Decode.as(tasks, r.value());
                    if (s.modelId().equals(task.getModelId())) {
                        lastRound.accumulateAndGet(task.getRound(), Math::max);
                        if (flooding) {
                            answer(task);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("flooder updates stopped", e);
            }
        }
    }

    private void answer(RoundTask task) {
        float[] zeros = new float[s.spec().numParameters()];
        int selected = 0;
        for (String id : task.getSelectedClients()) {
            if (selected >= s.updatesPerRound() / 2) {
                break;
            }
            if (id.startsWith("fake-")) {
                send(id, task, zeros);
                selected++;
            }
        }
        for (int i = selected; i < s.updatesPerRound(); i++) {
            send("ghost-" + task.getRound() + "-" + i, task, zeros);
        }
    }

    private void send(String client, RoundTask task, float[] delta) {
        byte[] value =
                Codecs.modelUpdate()
                        .encode(
                                TestRecords.update(
                                                s.modelId(),
                                                s.spec(),
                                                client,
                                                task.getRound(),
                                                10,
                                                delta)
                                        .setBaseVersion(task.getModelVersion())
                                        .build());
        producer.send(new ProducerRecord<>(s.updatesTopic(), client, value));
        updatesSent.incrementAndGet();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops both threads and the producer. */
    @Override
    public void close() throws InterruptedException {
        flooding = false;
        running = false;
        heartbeatThread.join(10_000);
        updateThread.join(10_000);
        producer.close(Duration.ofSeconds(10));
    }
}
