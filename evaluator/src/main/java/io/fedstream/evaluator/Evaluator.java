package io.fedstream.evaluator;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.contract.WireCodec;
import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.identity.JobRecordCheck;
import io.fedstream.identity.RejectionCounts;
import io.fedstream.identity.SignedRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every version of one model from the global-model topic, scores it on the test set and
 * publishes a {@code source=EVALUATOR} {@link RoundMetrics} to the evaluations topic ({@link
 * EvaluatorConfig#evaluationsTopic()}).
 *
 * <p>With authentication ({@link EvaluatorConfig#authenticated()}) only models signed by the job
 * for the configured run are scored; the others are counted by cause ({@link #rejections()}), each
 * cause logged once, and the metrics carry the run id.
 *
 * <p>The consumer has no group: it assigns all partitions and reads from the beginning, so a
 * restarted evaluator re-scores the versions still on the (compacted) topic. It reads committed
 * records only, since the job writes the topic transactionally. {@link #run()} blocks on the
 * calling thread; {@link #close()} may be called from any thread (for example a shutdown hook).
 */
public final class Evaluator implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EvaluatorConfig config;
    private final TestSetEvaluator scorer;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final WireCodec<RoundMetrics> metrics = Codecs.roundMetrics();
    private final VersionGate gate;
    private final RecordScorer records;
    private final RejectionCounts rejections = new RejectionCounts();

    private final Object lifecycle = new Object();
    private boolean started;
    private volatile Thread runner;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long skippedRecords;

    /**
     * An evaluator on the given clients, which it owns and closes. {@code main} and {@link #create}
     * plug in Kafka; tests plug in fakes.
     */
    public Evaluator(
            EvaluatorConfig config,
            Dataset testSet,
            Consumer<byte[], byte[]> consumer,
            Producer<String, byte[]> producer,
            Clock clock) {
        this.config = config;
        this.scorer = new TestSetEvaluator(testSet.head(config.testLimit()), config.threads());
        this.consumer = consumer;
        this.producer = producer;
        this.clock = clock;
        this.gate = new VersionGate(config.modelId(), config.stopWhenComplete());
        this.records =
                new RecordScorer(
                        gate,
                        scorer,
                        config.authenticated()
                                ? new JobRecordCheck(config.jobIdentity(), config.runId())
                                : null);
    }

    /** An evaluator on Kafka, scoring the Fashion-MNIST test set from {@code config.dataDir()}. */
    public static Evaluator create(EvaluatorConfig config) {
        return create(config, FashionMnist.test(config.dataDir()));
    }

    /** An evaluator on Kafka, scoring {@code testSet} (cut to {@code config.testLimit()}). */
    public static Evaluator create(EvaluatorConfig config, Dataset testSet) {
        return new Evaluator(
                config,
                testSet,
                new KafkaConsumer<>(consumerProperties(config)),
                new KafkaProducer<>(producerProperties(config)),
                Clock.systemUTC());
    }

    static Properties consumerProperties(EvaluatorConfig config) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "fedstream-evaluator-" + config.modelId());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Auto-creation would make the topic with broker defaults (not compacted, 1 MB records).
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                Integer.toString(Topics.MAX_MESSAGE_BYTES));
        p.put(
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                Integer.toString(2 * Topics.MAX_MESSAGE_BYTES));
        p.putAll(config.kafkaProperties());
        return p;
    }

    static Properties producerProperties(EvaluatorConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "fedstream-evaluator-metrics-" + config.modelId());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putAll(config.kafkaProperties());
        return p;
    }

    /**
     * Evaluates versions until one marked complete has been scored (if so configured) or {@link
     * #close()} is called; then closes the clients.
     */
    @Override
    public void run() {
        synchronized (lifecycle) {
            if (started || closing.get()) {
                throw new IllegalStateException(
                        "an evaluator runs once; it was already started or closed");
            }
            started = true;
            runner = Thread.currentThread();
        }
        try {
            if (!assignAllPartitions()) {
                return;
            }
            while (!closing.get() && !gate.finished()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(config.pollTimeout());
                } catch (WakeupException e) {
                    if (closing.get()) {
                        break;
                    }
                    throw e;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (closing.get() || gate.finished()) {
                        break;
                    }
                    handle(record);
                }
            }
            if (gate.finished()) {
                LOG.info(
                        "model {} training complete at version {}; evaluator stops",
                        config.modelId(),
                        gate.lastVersion());
            }
        } finally {
            release();
            stopped.countDown();
        }
    }

    /** The last version handed to the test set, -1 before the first. */
    public long lastEvaluatedVersion() {
        return gate.lastVersion();
    }

    /** Records refused as not the job's of this run, by cause (authentication on). */
    public RejectionCounts rejections() {
        return rejections;
    }

    /** Records skipped because they could not be decoded or scored. */
    public long skippedRecords() {
        return skippedRecords;
    }

    /**
     * Stops {@link #run()} (waiting up to 30 s for it to return, unless called from the run thread
     * itself) and releases the clients.
     */
    @Override
    public void close() {
        boolean running;
        synchronized (lifecycle) {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            running = started;
        }
        closeRequested.countDown();
        if (!running) {
            release();
            return;
        }
        if (Thread.currentThread() == runner) {
            return; // called from a result observer: run() sees the flag after this record
        }
        if (stopped.getCount() > 0) {
            consumer.wakeup();
        }
        try {
            if (!stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("evaluator did not stop within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean assignAllPartitions() {
        String topic = config.globalModelTopic();
        boolean logged = false;
        while (!closing.get()) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic, config.pollTimeout());
            } catch (WakeupException e) {
                return false;
            } catch (RetriableException e) {
                // Broker not reachable yet: the same wait as for a missing topic.
                infos = List.of();
            }
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (PartitionInfo info : infos) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                LOG.info(
                        "evaluating model {} from {} ({} partitions) on {} test examples, {} threads",
                        config.modelId(),
                        topic,
                        partitions.size(),
                        scorer.size(),
                        config.threads());
                return true;
            }
            if (!logged) {
                LOG.info("waiting for topic {} on {}", topic, config.bootstrapServers());
                logged = true;
            }
            try {
                closeRequested.await(config.pollTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        RecordScorer.Outcome outcome =
                records.handle(
                        record.value(),
                        header(record, SignedRecords.SIGNATURE_HEADER),
                        header(record, SignedRecords.SIGNER_HEADER));
        if (outcome instanceof RecordScorer.Refused refused) {
            if (rejections.count(refused.why())) {
                LOG.warn(
                        "refusing {}-{}@{}: {} ({}); further {} records are counted, not logged",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        refused.why(),
                        refused.detail(),
                        refused.why());
            }
        } else if (outcome instanceof RecordScorer.Skipped skipped) {
            skippedRecords++;
            LOG.warn(
                    "skipping {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    skipped.why());
        } else if (outcome instanceof RecordScorer.Scored scored) {
            EvaluationResult result = scored.result();
            publish(result);
            LOG.info(result.summaryLine());
            try {
                config.onResult().accept(result);
            } catch (RuntimeException e) {
                LOG.warn("result observer failed on round {}", result.round(), e);
            }
        }
    }

    private static byte[] header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }

    private void publish(EvaluationResult result) {
        RoundMetrics record =
                RoundMetrics.newBuilder()
                        .setModelId(result.modelId())
                        .setRoundNumber(result.round())
                        .setSource(MetricsSource.EVALUATOR)
                        .setGlobalAccuracy(result.accuracy())
                        .setGlobalLoss(result.loss())
                        .setCreatedAt(clock.instant())
                        .setRunId(config.runId())
                        .build();
        producer.send(
                new ProducerRecord<>(
                        config.evaluationsTopic(), result.modelId(), metrics.encode(record)),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.error(
                                "cannot publish metrics of round {} to {}",
                                result.round(),
                                config.evaluationsTopic(),
                                error);
                    }
                });
    }

    private void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            consumer.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the consumer failed", e);
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("closing the producer failed", e);
        }
        scorer.close();
    }
}
