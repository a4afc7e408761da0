package io.fedstream.evaluator;

import io.fedstream.auth.KafkaClientProperties;
import io.fedstream.contract.Topics;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Command line of the evaluator: every flag maps to one {@link EvaluatorConfig} option. */
@Command(
        name = "fedstream-evaluator",
        usageHelpWidth = 100,
        description = {
            "Scores every version of a model on the global-model topic against the Fashion-MNIST"
                    + " test set and publishes accuracy and loss (source=EVALUATOR) to the"
                    + " evaluations topic. Logs one line 'round N accuracy A loss L' per version.",
            "Only models signed by the job (--job-identity) for the run (--run-id) are scored,"
                    + " unless --insecure-no-auth.",
        },
        sortOptions = false)
public final class EvaluatorMain implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--" + EvaluatorConfig.BOOTSTRAP_SERVERS,
            required = true,
            paramLabel = "HOST:PORT[,..]",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--" + EvaluatorConfig.KAFKA_PROPERTIES,
            paramLabel = "FILE",
            description =
                    "Kafka client properties (security.protocol, sasl.*, ssl.*) for the consumer"
                            + " and the producer; keep the file 0600 if it holds a password.")
    Path kafkaProperties;

    @Option(
            names = "--" + EvaluatorConfig.MODEL_ID,
            required = true,
            paramLabel = "ID",
            description = "Evaluate global models with this model_id only.")
    String modelId;

    @Option(
            names = "--" + EvaluatorConfig.DATA_DIR,
            paramLabel = "DIR",
            description =
                    "Folder with the Fashion-MNIST IDX files (default: $FEDSTREAM_DATA, else"
                            + " /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(
            names = "--" + EvaluatorConfig.THREADS,
            paramLabel = "N",
            defaultValue = "" + EvaluatorConfig.DEFAULT_THREADS,
            description =
                    "Evaluation threads; the test set is split among them (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(
            names = "--" + EvaluatorConfig.TEST_LIMIT,
            paramLabel = "N",
            description = "Evaluate on the first N test examples only (default: all 10,000).")
    Integer testLimit;

    // Defaults as initial values: picocli would apply a defaultValue after the hidden old name.
    @Option(
            names = "--" + EvaluatorConfig.TOPIC_GLOBAL_MODEL,
            paramLabel = "TOPIC",
            description = "Topic the job publishes global models to (default: ${DEFAULT-VALUE}).")
    String globalModelTopic = Topics.GLOBAL_MODEL;

    @Option(
            names = "--" + EvaluatorConfig.TOPIC_EVALUATIONS,
            paramLabel = "TOPIC",
            description =
                    "Topic to publish the evaluator's RoundMetrics to (default: ${DEFAULT-VALUE});"
                            + " the job's metrics topic is written by the job alone.")
    String evaluationsTopic = Topics.EVALUATIONS;

    /** The flag's name from when the evaluator wrote to the job's metrics topic. */
    @Option(
            names = "--" + EvaluatorConfig.TOPIC_METRICS,
            paramLabel = "TOPIC",
            description = "Old name of --" + EvaluatorConfig.TOPIC_EVALUATIONS + ".")
    void oldMetricsTopic(String topic) {
        evaluationsTopic = topic;
    }

    @Option(names = "--evaluations-topic", hidden = true)
    void evaluationsTopicAlias(String topic) {
        evaluationsTopic = topic;
    }

    /** The flag's name before it matched the job's --topic-global-model. */
    @Option(names = "--global-model-topic", hidden = true)
    void deprecatedGlobalModelTopic(String topic) {
        globalModelTopic = topic;
    }

    /** The flag's name before it matched the job's --topic-metrics. */
    @Option(names = "--metrics-topic", hidden = true)
    void deprecatedMetricsTopic(String topic) {
        evaluationsTopic = topic;
    }

    // Client authentication (issue #14): on unless --insecure-no-auth.
    @Option(
            names = "--" + EvaluatorConfig.JOB_IDENTITY,
            paramLabel = "FILE",
            description =
                    "The job's public identity (its .pub file): global models not signed with it"
                            + " are not scored.")
    Path jobIdentity;

    @Option(
            names = "--" + EvaluatorConfig.RUN_ID,
            paramLabel = "ID",
            description =
                    "The job's --run-id: models of other runs are not scored; the metrics carry"
                            + " it.")
    String runId;

    @Option(
            names = "--insecure-no-auth",
            description =
                    "Score global models without checking the job's signature and run id. Only"
                            + " for a job without identities, and tests.")
    boolean insecureNoAuth;

    @Option(
            names = "--stay",
            description =
                    "Keep running after the version marked training_complete (default: exit after"
                            + " scoring it).")
    boolean stay;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    /** The configuration these flags describe. */
    EvaluatorConfig toConfig() {
        EvaluatorConfig.Builder b =
                EvaluatorConfig.builder()
                        .bootstrapServers(bootstrapServers)
                        .modelId(modelId)
                        .dataDir(dataDir)
                        .threads(threads)
                        .globalModelTopic(globalModelTopic)
                        .evaluationsTopic(evaluationsTopic)
                        .stopWhenComplete(!stay);
        if (kafkaProperties != null) {
            b.kafkaProperties(KafkaClientProperties.forProcess(kafkaProperties));
        }
        if (testLimit != null) {
            b.testLimit(testLimit);
        }
        applyAuth(b);
        return b.build();
    }

    /** Authentication on unless --insecure-no-auth; a bad combination names the flags. */
    private void applyAuth(EvaluatorConfig.Builder b) {
        String job = "--" + EvaluatorConfig.JOB_IDENTITY;
        String run = "--" + EvaluatorConfig.RUN_ID;
        if (insecureNoAuth) {
            if (jobIdentity != null || runId != null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--insecure-no-auth turns authentication off; drop "
                                + (jobIdentity != null ? job : run)
                                + " or drop --insecure-no-auth");
            }
            return;
        }
        List<String> missing = new ArrayList<>();
        if (jobIdentity == null) {
            missing.add(job + " FILE");
        }
        if (runId == null || runId.isBlank()) {
            missing.add(run + " ID");
        }
        if (!missing.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "authentication is on by default and needs "
                            + job
                            + " FILE and "
                            + run
                            + " ID (missing "
                            + String.join(", ", missing)
                            + "); or give --insecure-no-auth to score unchecked models");
        }
        PublicIdentity pub;
        try {
            pub = IdentityFiles.readPublic(jobIdentity);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), job + " " + e.getMessage(), e);
        }
        b.auth(pub, runId);
    }

    @Override
    public Integer call() {
        EvaluatorConfig config = toConfig();
        Evaluator evaluator = Evaluator.create(config);
        Thread hook = new Thread(evaluator::close, "evaluator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            evaluator.run();
        } finally {
            evaluator.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run; nothing to undo
            }
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluatorMain()).execute(args));
    }
}
