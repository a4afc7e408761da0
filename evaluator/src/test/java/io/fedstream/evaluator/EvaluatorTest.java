package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The evaluator loop against Kafka's own in-memory client fakes. */
@Timeout(60)
class EvaluatorTest {
    private static final String TOPIC = Topics.GLOBAL_MODEL;
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05.678Z");

    private MockConsumer<byte[], byte[]> consumer;
    private MockProducer<String, byte[]> producer;
    private final List<EvaluationResult> results = new CopyOnWriteArrayList<>();
    private long offset;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void scoresEachNewVersionPublishesMetricsAndStopsAfterTheCompleteOne() throws Exception {
        List<byte[]> values = new ArrayList<>();
        values.add(encode(TinyData.model("m", 0, TinyData.ZERO, false)));
        values.add(new byte[] {1, 2, 3}); // undecodable: logged and skipped
        values.add(encode(TinyData.model("other", 7, TinyData.IDENTITY, false)));
        values.add(encode(TinyData.model("m", 1, TinyData.IDENTITY, false)));
        values.add(encode(TinyData.model("m", 1, TinyData.IDENTITY, false)));
        values.add(encode(TinyData.model("m", 0, TinyData.ZERO, false)));
        values.add(encode(TinyData.model("m", 2, TinyData.SWAPPED, true)));
        values.add(encode(TinyData.model("m", 3, TinyData.IDENTITY, false))); // after the end
        deliverOnFirstPoll(values);

        Evaluator evaluator = evaluator(config(true));
        evaluator.run();

        assertThat(results).extracting(EvaluationResult::round).containsExactly(0L, 1L, 2L);
        assertThat(evaluator.lastEvaluatedVersion()).isEqualTo(2);
        assertThat(evaluator.skippedRecords()).isEqualTo(1);

        List<ProducerRecord<String, byte[]>> sent = producer.history();
        assertThat(sent).hasSize(3);
        double[][] expected = {
            {TinyData.ZERO_ACCURACY, TinyData.ZERO_LOSS},
            {1.0, TinyData.IDENTITY_LOSS},
            {0.0, TinyData.SWAPPED_LOSS}
        };
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<String, byte[]> record = sent.get(i);
            assertThat(record.topic()).isEqualTo(Topics.EVALUATIONS);
            assertThat(record.key()).isEqualTo("m");
            RoundMetrics m = Codecs.roundMetrics().decode(record.value());
            assertThat(m.getSource()).isEqualTo(MetricsSource.EVALUATOR);
            assertThat(m.getModelId()).isEqualTo("m");
            assertThat(m.getRoundNumber()).isEqualTo(i);
            assertThat(m.getGlobalAccuracy()).isCloseTo(expected[i][0], within(1e-12));
            assertThat(m.getGlobalLoss()).isCloseTo(expected[i][1], within(1e-6));
            assertThat(m.getCreatedAt()).isEqualTo(NOW);
            assertThat(m.getRunId()).isNull();
            assertThat(m.getTrainLoss()).isNull();
            assertThat(m.getParticipants()).isZero();
            assertThat(m.getRejected()).isEmpty();
        }
        assertThat(consumer.closed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void assignsEveryPartitionFromTheBeginningWithoutAGroup() {
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        consumer.updatePartitions(
                TOPIC,
                List.of(
                        new PartitionInfo(TOPIC, 0, null, null, null),
                        new PartitionInfo(TOPIC, 1, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, p1, 0L));
        List<Set<TopicPartition>> assigned = new ArrayList<>();
        consumer.schedulePollTask(
                () -> {
                    assigned.add(consumer.assignment());
                    assigned.add(
                            Set.of(P0, p1).stream()
                                    .filter(tp -> consumer.position(tp) == 0)
                                    .collect(Collectors.toSet()));
                    consumer.addRecord(
                            record(1, 0, encode(TinyData.model("m", 4, TinyData.IDENTITY, true))));
                });

        evaluator(config(true)).run();

        assertThat(assigned.get(0)).containsExactlyInAnyOrder(P0, p1);
        assertThat(assigned.get(1)).containsExactlyInAnyOrder(P0, p1);
        assertThat(consumer.subscription()).isEmpty();
        assertThat(results).extracting(EvaluationResult::round).containsExactly(4L);
    }

    @Test
    void skipsAModelWhoseTensorDoesNotMatchItsSpecAndGoesOn() {
        GlobalModel bad = TinyData.model("m", 1, TinyData.ZERO, false);
        bad.setParameters(TensorCodec.dense(new float[6], List.of(new int[] {6})));
        deliverOnFirstPoll(
                List.of(encode(bad), encode(TinyData.model("m", 2, TinyData.IDENTITY, true))));

        Evaluator evaluator = evaluator(config(true));
        evaluator.run();

        assertThat(results).extracting(EvaluationResult::round).containsExactly(2L);
        assertThat(evaluator.skippedRecords()).isEqualTo(1);
        assertThat(producer.history()).hasSize(1);
    }

    @Test
    void aFailingObserverDoesNotStopTheEvaluator() {
        deliverOnFirstPoll(
                List.of(
                        encode(TinyData.model("m", 0, TinyData.ZERO, false)),
                        encode(TinyData.model("m", 1, TinyData.IDENTITY, true))));
        EvaluatorConfig config =
                base().onResult(
                                r -> {
                                    results.add(r);
                                    throw new IllegalStateException("observer bug");
                                })
                        .build();

        evaluator(config).run();

        assertThat(results).extracting(EvaluationResult::round).containsExactly(0L, 1L);
    }

    @Test
    void withStopOffItKeepsScoringUntilClosedFromTheObserver() {
        deliverOnFirstPoll(
                List.of(
                        encode(TinyData.model("m", 0, TinyData.ZERO, true)),
                        encode(TinyData.model("m", 1, TinyData.IDENTITY, false))));
        Evaluator[] self = new Evaluator[1];
        EvaluatorConfig config =
                base().stopWhenComplete(false)
                        .onResult(
                                r -> {
                                    results.add(r);
                                    if (r.round() == 1) {
                                        self[0].close();
                                    }
                                })
                        .build();
        self[0] = evaluator(config);

        self[0].run();

        assertThat(results).extracting(EvaluationResult::round).containsExactly(0L, 1L);
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void closeFromAnotherThreadEndsAnIdleRun() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        consumer.schedulePollTask(polling::countDown);
        Evaluator evaluator = evaluator(config(true));
        Thread runner = new Thread(evaluator);
        runner.start();
        // Close only once the run is in its poll loop (not before run() began, another test).
        assertThat(polling.await(20, TimeUnit.SECONDS)).as("the run polled").isTrue();

        evaluator.close();
        runner.join(20_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(producer.closed()).isTrue();
        assertThat(results).isEmpty();
    }

    @Test
    void closeWhileWaitingForTheTopicEndsTheRun() throws Exception {
        CountDownLatch lookedUp = new CountDownLatch(1);
        // Knows no partitions, and tells when the run has asked for them.
        consumer =
                new MockConsumer<>("earliest") {
                    @Override
                    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
                        List<PartitionInfo> none = super.partitionsFor(topic, timeout);
                        lookedUp.countDown();
                        return none;
                    }
                };
        Evaluator evaluator = evaluator(config(true));
        Thread runner = new Thread(evaluator);
        runner.start();
        assertThat(lookedUp.await(20, TimeUnit.SECONDS))
                .as("the run looked for the topic")
                .isTrue();

        evaluator.close();
        runner.join(20_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void closeBeforeRunReleasesTheClients() {
        Evaluator evaluator = evaluator(config(true));
        evaluator.close();
        evaluator.close();
        assertThat(consumer.closed()).isTrue();
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void consumerReadsCommittedRecordsOfAnySizeWithoutAGroup() {
        Properties p = Evaluator.consumerProperties(config(true));
        assertThat(p.getProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG))
                .isEqualTo("read_committed");
        assertThat(p).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
        assertThat(p.getProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo("false");
        assertThat(p.getProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG))
                .isEqualTo("false");
        assertThat(Integer.parseInt(p.getProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)))
                .isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
        assertThat(Integer.parseInt(p.getProperty(ConsumerConfig.FETCH_MAX_BYTES_CONFIG)))
                .isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
        assertThat(p.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG))
                .isEqualTo("localhost:9092");
    }

    @Test
    void producerWaitsForAllReplicasAndIsIdempotent() {
        Properties p = Evaluator.producerProperties(config(true));
        assertThat(p.getProperty(ProducerConfig.ACKS_CONFIG)).isEqualTo("all");
        assertThat(p.getProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo("true");
    }

    private EvaluatorConfig.Builder base() {
        return EvaluatorConfig.builder()
                .bootstrapServers("localhost:9092")
                .modelId("m")
                .threads(2)
                .pollTimeout(Duration.ofMillis(20));
    }

    private EvaluatorConfig config(boolean stopWhenComplete) {
        return base().stopWhenComplete(stopWhenComplete).onResult(results::add).build();
    }

    private Evaluator evaluator(EvaluatorConfig config) {
        return new Evaluator(
                config, TinyData.testSet(), consumer, producer, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** Records can only be added once the evaluator has assigned the partition. */
    private void deliverOnFirstPoll(List<byte[]> values) {
        consumer.schedulePollTask(
                () -> {
                    for (byte[] value : values) {
                        consumer.addRecord(record(0, offset++, value));
                    }
                });
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, byte[] value) {
        return new ConsumerRecord<>(
                TOPIC, partition, offset, "m".getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] encode(GlobalModel model) {
        return Codecs.globalModel().encode(model);
    }
}
