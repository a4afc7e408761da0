package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.model.ModelSpec;
import io.fedstream.model.ReferenceModel;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.TestProducers;
import io.fedstream.testkit.TestRecords;
import io.fedstream.testkit.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The evaluator against an in-process KRaft broker, real Fashion-MNIST and a transactional producer
 * standing in for the job: aborted versions are not scored, a near-limit (6.5 MB) model record is
 * fetched, and the metrics land on the evaluations topic.
 */
@Timeout(300)
class EvaluatorITCase {
    private static final int TEST_LIMIT = 500;
    private static EmbeddedKafka kafka;
    private static Dataset testSet;

    @BeforeAll
    static void startBroker() throws Exception {
        kafka = EmbeddedKafka.start();
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), Topics.defaults(), (short) 1);
        testSet = FashionMnist.test(FashionMnist.DEFAULT_DIR).head(TEST_LIMIT);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void scoresCommittedVersionsAndPublishesTheirMetrics() throws Exception {
        ModelSpec logreg = ModelSpec.parse("logreg");
        ModelSpec wide = ModelSpec.parse("mlp:784-2048-10"); // 1,628,170 parameters, 6.5 MB
        float[] v0 = logreg.initialParameters(1);
        float[] v2 = wide.initialParameters(2);
        float[] v3 = logreg.initialParameters(3);
        try (KafkaProducer<String, byte[]> job =
                TestProducers.transactional(kafka.bootstrapServers(), "fake-job")) {
            job.initTransactions();
            commit(job, model("fm", 0, logreg, v0, false));
            job.beginTransaction();
            send(job, model("fm", 1, logreg, logreg.initialParameters(99), false));
            job.flush();
            job.abortTransaction();
            commit(job, model("other", 5, logreg, v0, true));
            commit(job, model("fm", 2, wide, v2, false));
            commit(job, model("fm", 3, logreg, v3, true));
        }

        List<EvaluationResult> results = new CopyOnWriteArrayList<>();
        EvaluatorConfig config =
                EvaluatorConfig.builder()
                        .bootstrapServers(kafka.bootstrapServers())
                        .modelId("fm")
                        .testLimit(TEST_LIMIT)
                        .threads(2)
                        .onResult(results::add)
                        .build();
        Thread runner;
        try (Evaluator evaluator =
                Evaluator.create(config, FashionMnist.test(FashionMnist.DEFAULT_DIR))) {
            runner = new Thread(evaluator, "evaluator-under-test");
            runner.start();
            runner.join(240_000);
        }
        assertThat(runner.isAlive()).as("evaluator stopped after the complete version").isFalse();

        assertThat(results).extracting(EvaluationResult::round).containsExactly(0L, 2L, 3L);
        ReferenceModel.Evaluation[] expected = {
            new ReferenceModel(logreg, v0).evaluate(testSet, 0, TEST_LIMIT),
            new ReferenceModel(wide, v2).evaluate(testSet, 0, TEST_LIMIT),
            new ReferenceModel(logreg, v3).evaluate(testSet, 0, TEST_LIMIT)
        };
        for (int i = 0; i < 3; i++) {
            assertThat(results.get(i).examples()).isEqualTo(TEST_LIMIT);
            assertThat(results.get(i).accuracy()).isEqualTo(expected[i].accuracy());
            assertThat(results.get(i).loss()).isCloseTo(expected[i].meanLoss(), within(1e-9));
        }

        List<TopicReader.Received<RoundMetrics>> metrics;
        try (TopicReader<RoundMetrics> reader =
                TopicReader.of(
                        kafka.bootstrapServers(), Topics.EVALUATIONS, Codecs.roundMetrics())) {
            reader.awaitCount(3, Duration.ofSeconds(60), "the evaluator's three metrics records");
            metrics = reader.records();
        }
        assertThat(metrics).hasSize(3);
        assertThat(metrics).extracting(TopicReader.Received::key).containsOnly("fm");
        for (int i = 0; i < 3; i++) {
            RoundMetrics m = metrics.get(i).value();
            assertThat(m.getSource()).isEqualTo(MetricsSource.EVALUATOR);
            assertThat(m.getRoundNumber()).isEqualTo(results.get(i).round());
            assertThat(m.getGlobalAccuracy()).isEqualTo(results.get(i).accuracy());
            assertThat(m.getGlobalLoss()).isEqualTo(results.get(i).loss());
        }
    }

    private static GlobalModel model(
            String id, long version, ModelSpec spec, float[] params, boolean complete) {
        return TestRecords.globalModel(id, spec, version, params, complete);
    }

    private static void commit(KafkaProducer<String, byte[]> producer, GlobalModel model) {
        producer.beginTransaction();
        send(producer, model);
        producer.commitTransaction();
    }

    private static void send(KafkaProducer<String, byte[]> producer, GlobalModel model) {
        producer.send(
                new ProducerRecord<>(
                        Topics.GLOBAL_MODEL,
                        model.getModelId(),
                        Codecs.globalModel().encode(model)));
    }
}
