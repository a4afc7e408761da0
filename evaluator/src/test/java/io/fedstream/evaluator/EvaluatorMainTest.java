package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.contract.Topics;
import io.fedstream.data.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluatorMainTest {

    @Test
    void helpDocumentsEveryFlag() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EvaluatorMain());
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();

        // picocli may wrap a topic name after one of its dots; join those lines again
        assertThat(out.toString().replaceAll("\\.\\R\\s+", "."))
                .contains(
                        "--bootstrap-servers",
                        "--model-id",
                        "--data-dir",
                        "--threads",
                        "--test-limit",
                        "--topic-global-model",
                        "--topic-evaluations",
                        "--job-identity",
                        "--run-id",
                        "--insecure-no-auth",
                        "--stay",
                        "default: 2",
                        "default: " + Topics.GLOBAL_MODEL,
                        "default: " + Topics.EVALUATIONS);
    }

    @Test
    void flagsMapOntoTheConfig() {
        EvaluatorMain main = new EvaluatorMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap-servers",
                        "k1:9092,k2:9092",
                        "--model-id",
                        "fmnist",
                        "--data-dir",
                        "/data/fm",
                        "--threads",
                        "4",
                        "--test-limit",
                        "500",
                        "--global-model-topic",
                        "g",
                        "--metrics-topic",
                        "x",
                        "--stay",
                        "--insecure-no-auth");

        EvaluatorConfig c = main.toConfig();

        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
        assertThat(c.modelId()).isEqualTo("fmnist");
        assertThat(c.dataDir()).isEqualTo(Path.of("/data/fm"));
        assertThat(c.threads()).isEqualTo(4);
        assertThat(c.testLimit()).isEqualTo(500);
        assertThat(c.globalModelTopic()).isEqualTo("g");
        assertThat(c.evaluationsTopic()).isEqualTo("x");
        assertThat(c.stopWhenComplete()).isFalse();
        assertThat(c.authenticated()).isFalse();
    }

    @Test
    void topicFlagsAreNamedAsTheJobsAndTheOldNamesStillWork() {
        EvaluatorMain main = new EvaluatorMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "--model-id",
                        "m",
                        "--topic-global-model",
                        "g",
                        "--topic-evaluations",
                        "x",
                        "--insecure-no-auth");
        assertThat(main.toConfig().globalModelTopic()).isEqualTo("g");
        assertThat(main.toConfig().evaluationsTopic()).isEqualTo("x");
        // flagsMapOntoTheConfig above passes the old names --global-model-topic, --metrics-topic.
        for (String old : new String[] {"--topic-metrics", "--evaluations-topic"}) {
            EvaluatorMain m = new EvaluatorMain();
            new CommandLine(m)
                    .parseArgs(
                            "--bootstrap-servers",
                            "k:9092",
                            "--model-id",
                            "m",
                            old,
                            "y",
                            "--insecure-no-auth");
            assertThat(m.toConfig().evaluationsTopic()).as(old).isEqualTo("y");
        }
    }

    @Test
    void omittedFlagsTakeTheConfigDefaults() {
        EvaluatorMain main = new EvaluatorMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "--model-id",
                        "fmnist",
                        "--insecure-no-auth");

        EvaluatorConfig c = main.toConfig();

        assertThat(c.threads()).isEqualTo(EvaluatorConfig.DEFAULT_THREADS);
        assertThat(c.testLimit()).isEqualTo(EvaluatorConfig.ALL_EXAMPLES);
        assertThat(c.dataDir()).isEqualTo(FashionMnist.defaultDir());
        assertThat(c.globalModelTopic()).isEqualTo(Topics.GLOBAL_MODEL);
        assertThat(c.evaluationsTopic()).isEqualTo(Topics.EVALUATIONS);
        assertThat(c.stopWhenComplete()).isTrue();
    }

    @Test
    void aMissingRequiredFlagIsAUsageErrorNamingIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new EvaluatorMain());
        cli.setErr(new PrintWriter(err));

        assertThat(cli.execute("--bootstrap-servers", "k:9092")).isEqualTo(2);
        assertThat(err.toString()).contains("--model-id");
    }

    @Test
    void kafkaPropertiesFileReachesTheConsumerAndTheProducer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("evaluator.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n");
        EvaluatorMain main = new EvaluatorMain();
        new CommandLine(main)
                .parseArgs(
                        "--bootstrap-servers",
                        "k:9092",
                        "--model-id",
                        "m",
                        "--insecure-no-auth",
                        "--kafka-properties",
                        file.toString());
        EvaluatorConfig c = main.toConfig();
        assertThat(Evaluator.consumerProperties(c))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("bootstrap.servers", "k:9092");
        assertThat(Evaluator.producerProperties(c))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");
        assertThat(c.toString()).doesNotContain("SASL");
    }
}
