package io.fedstream.local.pipeline;

import io.fedstream.contract.LogTicks;
import io.fedstream.contract.WireCodec;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.local.LocalJob;
import io.fedstream.testkit.Await;
import io.fedstream.testkit.Decode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;

/**
 * Append-only topics in this JVM, standing in for Kafka in pipeline tests where Kafka is not the
 * subject: the test appends encoded records (as edge clients would), the job reads them through
 * {@link #source} and writes through {@link #sink}, and the job's own output is readable again by
 * its sources (the client guard's global-model loop) and by the test. One partition a topic,
 * offsets from 0, no transactions: a record is visible as soon as it is appended.
 *
 * <p>As the job's log clock does on Kafka, {@link #startJob} appends a clock tick ({@link
 * LogTicks}) to the job's update and heartbeat topics every 200 ms, so event time moves while the
 * test writes nothing; readers here skip ticks.
 *
 * <p>Sources and sinks are serialized into the job with only this instance's id, and find it again
 * in a static registry, so the job must run on a MiniCluster in the test's JVM. The sources end
 * (and the job with them, once every operator has drained) after {@link #end()}.
 */
public final class InMemoryTopics implements AutoCloseable {
    private static final Map<String, InMemoryTopics> RUNS = new ConcurrentHashMap<>();

    /** One record: key and value bytes and the time it was appended (its event time). */
    record Entry(byte[] key, byte[] value, long timestamp, byte[] signature) {}

    private final String id = UUID.randomUUID().toString();
    private final Map<String, List<Entry>> topics = new HashMap<>();
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean ended;
    private ScheduledExecutorService clock;

    private InMemoryTopics() {}

    /** Empty topics, registered for the sources and sinks of a job in this JVM. */
    public static InMemoryTopics create() {
        InMemoryTopics t = new InMemoryTopics();
        RUNS.put(t.id, t);
        return t;
    }

    static InMemoryTopics lookup(String id) {
        InMemoryTopics t = RUNS.get(id);
        if (t == null) {
            throw new IllegalStateException(
                    "no in-memory topics "
                            + id
                            + " in this JVM: run the job on a MiniCluster in the test's JVM");
        }
        return t;
    }

    /** A source of {@code topic}'s records from offset 0; ends after {@link #end()}. */
    public Source<RawRecord, ?, ?> source(String topic) {
        return new InMemoryTopicSource(id, topic);
    }

    /** A sink that appends each record to the topic it names. */
    public Sink<OutboundRecord> sink() {
        return new InMemoryTopicSink(id);
    }

    /**
     * Submits the job on a MiniCluster in this JVM, reading and writing these topics under the
     * names its options give them.
     */
    public LocalJob startJob(JobConfig config, int parallelism) throws Exception {
        startClock(
                config.get(KafkaOptions.TOPIC_UPDATES), config.get(KafkaOptions.TOPIC_HEARTBEATS));
        return LocalJob.start(
                config.with(KafkaOptions.LOG_CLOCK_INTERVAL, Duration.ZERO), // ticks come from here
                parallelism,
                source(config.get(KafkaOptions.TOPIC_UPDATES)),
                source(config.get(KafkaOptions.TOPIC_HEARTBEATS)),
                source(config.get(KafkaOptions.TOPIC_ENROLLMENTS)),
                source(config.get(KafkaOptions.TOPIC_GLOBAL_MODEL)),
                source(config.get(KafkaOptions.TOPIC_ROUND_TASKS)),
                sink());
    }

    private synchronized void startClock(String... clientTopics) {
        if (clock != null) {
            return;
        }
        clock =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "in-memory-log-clock");
                            t.setDaemon(true);
                            return t;
                        });
        clock.scheduleWithFixedDelay(
                () -> {
                    for (String topic : clientTopics) {
                        append(topic, LogTicks.key(), new byte[0]);
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
    }

    /** Appends a record to {@code topic}, as a producer with a string key would. */
    public void append(String topic, String key, byte[] value) {
        append(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
    }

    /**
     * Appends a record with a {@code fedstream-signature} header, as a signing client would (the
     * append time stands for the broker's LogAppendTime).
     */
    public void appendSigned(String topic, String key, byte[] value, byte[] signature) {
        append(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, signature);
    }

    void append(String topic, byte[] key, byte[] value) {
        append(topic, key, value, null);
    }

    void append(String topic, byte[] key, byte[] value, byte[] signature) {
        List<CompletableFuture<Void>> wake;
        synchronized (this) {
            topics.computeIfAbsent(topic, t -> new ArrayList<>())
                    .add(new Entry(key, value, System.currentTimeMillis(), signature));
            wake = takeWaiting();
        }
        wake.forEach(f -> f.complete(null));
    }

    /**
     * Lets the sources finish once they have read everything appended so far. The sink keeps
     * appending what the job still emits while it drains.
     */
    public void end() {
        List<CompletableFuture<Void>> wake;
        synchronized (this) {
            ended = true;
            wake = takeWaiting();
        }
        wake.forEach(f -> f.complete(null));
    }

    private List<CompletableFuture<Void>> takeWaiting() {
        notifyAll();
        List<CompletableFuture<Void>> wake = new ArrayList<>(waiting);
        waiting.clear();
        return wake;
    }

    synchronized Entry get(String topic, long offset) {
        List<Entry> log = topics.get(topic);
        return log == null || offset >= log.size() ? null : log.get((int) offset);
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Completes once {@code topic} holds a record at {@code offset}, or the topics have ended. */
    synchronized CompletableFuture<Void> whenReadable(String topic, long offset) {
        if (ended || get(topic, offset) != null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        waiting.add(f);
        return f;
    }

    /** A record's value and its signature header. */
    public record SignedValue(byte[] value, byte[] signature) {
        public boolean signedBy(PublicIdentity signer, String recordType) {
            return signer.verifier().verify(recordType, value, signature);
        }
    }

    /** Every value on {@code topic} so far with its signature header (null if none). */
    public synchronized List<SignedValue> signaturesOf(String topic) {
        List<SignedValue> out = new ArrayList<>();
        for (Entry e : topics.getOrDefault(topic, List.of())) {
            if (!LogTicks.isTick(e.key(), e.value())) {
                out.add(new SignedValue(e.value(), e.signature()));
            }
        }
        return out;
    }

    /** Every value on {@code topic} so far, decoded. */
    public synchronized <T extends SpecificRecord> List<T> read(String topic, WireCodec<T> codec) {
        List<T> out = new ArrayList<>();
        for (Entry e : topics.getOrDefault(topic, List.of())) {
            if (!LogTicks.isTick(e.key(), e.value())) {
                out.add(Decode.as(codec, e.value()));
            }
        }
        return out;
    }

    /**
     * Waits until {@code done} holds for the decoded values on {@code topic}, or fails after {@code
     * timeout} naming {@code what} it waited for.
     */
    public <T extends SpecificRecord> List<T> await(
            String topic,
            WireCodec<T> codec,
            Predicate<List<T>> done,
            Duration timeout,
            String what) {
        List<T> now = read(topic, codec);
        return done.test(now)
                ? now
                : Await.until(
                        () -> readAfterChange(topic, codec), done, timeout, what + " on " + topic);
    }

    /** What {@code topic} holds after the next append (or at most 100 ms). */
    private synchronized <T extends SpecificRecord> List<T> readAfterChange(
            String topic, WireCodec<T> codec) {
        try {
            wait(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting on " + topic, e);
        }
        return read(topic, codec);
    }

    /** Ends the topics and forgets them. */
    @Override
    public void close() {
        synchronized (this) {
            if (clock != null) {
                clock.shutdownNow();
            }
        }
        end();
        RUNS.remove(id);
    }
}
