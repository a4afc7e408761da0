package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.JobRecordCheck.Rejection;
import io.fedstream.identity.SignedRecords;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluator with authentication on: only the job's signed models of the run are scored. */
@Timeout(60)
class EvaluatorAuthTest {
    private static final String TOPIC = Topics.GLOBAL_MODEL;
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String RUN = "run-5";

    private final Identity job = identity("job", 100);
    private final Identity intruder = identity("job", 101);
    private final List<EvaluationResult> results = new CopyOnWriteArrayList<>();
    private MockConsumer<byte[], byte[]> consumer;
    private MockProducer<String, byte[]> producer;
    private long offset;

    @TempDir Path dir;

    static Identity identity(String name, long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return Identity.generate(name, r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    private static GlobalModel model(long version, float[] params, boolean complete, String run) {
        GlobalModel m = TinyData.model("m", version, params, complete);
        m.setRunId(run);
        return m;
    }

    /** A record as a writer puts it on the topic; {@code signer} null for none. */
    private ConsumerRecord<byte[], byte[]> written(GlobalModel model, Identity signer) {
        byte[] value = Codecs.globalModel().encode(model);
        ConsumerRecord<byte[], byte[]> r =
                new ConsumerRecord<>(
                        TOPIC, 0, offset++, "m".getBytes(StandardCharsets.UTF_8), value);
        if (signer != null) {
            r.headers()
                    .add(SignedRecords.SIGNATURE_HEADER, signer.signer().sign("GlobalModel", value))
                    .add(
                            SignedRecords.SIGNER_HEADER,
                            signer.publicIdentity().keyId().getBytes(StandardCharsets.US_ASCII));
        }
        return r;
    }

    @Test
    void scoresOnlyTheJobsSignedModelsOfTheRunAndIsNotStoppedByAForgedEnd() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> records =
                List.of(
                        written(model(0, TinyData.ZERO, false, RUN), job),
                        written(model(1L << 62, TinyData.SWAPPED, true, RUN), null),
                        written(model(1L << 62, TinyData.SWAPPED, true, RUN), intruder),
                        written(model(1, TinyData.SWAPPED, false, "run-4"), job),
                        written(model(1, TinyData.IDENTITY, true, RUN), job));
        consumer.schedulePollTask(() -> records.forEach(consumer::addRecord));
        EvaluatorConfig config =
                EvaluatorConfig.builder()
                        .bootstrapServers("localhost:9092")
                        .modelId("m")
                        .threads(1)
                        .pollTimeout(Duration.ofMillis(20))
                        .onResult(results::add)
                        .auth(job.publicIdentity(), RUN)
                        .build();
        Evaluator evaluator =
                new Evaluator(
                        config,
                        TinyData.testSet(),
                        consumer,
                        producer,
                        Clock.fixed(NOW, ZoneOffset.UTC));

        evaluator.run(); // returns once the genuine version 1, marked complete, is scored

        assertThat(results).extracting(EvaluationResult::round).containsExactly(0L, 1L);
        assertThat(results.get(1).accuracy()).isEqualTo(1.0);
        assertThat(evaluator.rejections().get(Rejection.UNSIGNED)).isEqualTo(1);
        assertThat(evaluator.rejections().get(Rejection.OTHER_SIGNER)).isEqualTo(1);
        assertThat(evaluator.rejections().get(Rejection.WRONG_RUN)).isEqualTo(1);
        assertThat(evaluator.rejections().total()).isEqualTo(3);
        assertThat(evaluator.skippedRecords()).isZero();
        for (ProducerRecord<String, byte[]> sent : producer.history()) {
            assertThat(sent.topic()).isEqualTo(Topics.EVALUATIONS);
            RoundMetrics m = Codecs.roundMetrics().decode(sent.value());
            assertThat(m.getRunId()).isEqualTo(RUN);
        }
        assertThat(producer.history()).hasSize(2);
    }

    private int execute(StringWriter err, String... args) {
        CommandLine cl = new CommandLine(new EvaluatorMain());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void theCliRefusesToStartWithoutTheJobsIdentityAndRunNamingTheFlags() {
        StringWriter err = new StringWriter();
        assertThat(execute(err, "--bootstrap-servers", "k:9092", "--model-id", "m")).isEqualTo(2);
        assertThat(err.toString())
                .contains("authentication is on by default")
                .contains("--job-identity FILE", "--run-id ID", "--insecure-no-auth");
    }

    @Test
    void theCliOptOutCannotBeCombinedWithTheAuthFlags() {
        StringWriter err = new StringWriter();
        assertThat(
                        execute(
                                err,
                                "--bootstrap-servers",
                                "k:9092",
                                "--model-id",
                                "m",
                                "--run-id",
                                "r",
                                "--insecure-no-auth"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("drop --run-id or drop --insecure-no-auth");
    }

    @Test
    void theCliReadsTheJobsPublicIdentity() {
        Path pub = dir.resolve("job.pub");
        IdentityFiles.writePublic(job.publicIdentity(), pub);
        EvaluatorMain main = new EvaluatorMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "--model-id",
                        "m",
                        "--job-identity",
                        pub.toString(),
                        "--run-id",
                        RUN);
        EvaluatorConfig c = main.toConfig();
        assertThat(c.authenticated()).isTrue();
        assertThat(c.jobIdentity()).isEqualTo(job.publicIdentity());
        assertThat(c.runId()).isEqualTo(RUN);
        assertThat(c.evaluationsTopic()).isEqualTo(Topics.EVALUATIONS);
    }

    @Test
    void theCliNamesAnUnreadableJobIdentity() {
        StringWriter err = new StringWriter();
        assertThat(
                        execute(
                                err,
                                "--bootstrap-servers",
                                "k:9092",
                                "--model-id",
                                "m",
                                "--job-identity",
                                dir.resolve("none.pub").toString(),
                                "--run-id",
                                "r"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--job-identity").contains("none.pub");
    }
}
