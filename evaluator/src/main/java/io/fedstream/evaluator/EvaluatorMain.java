package io.fedstream.evaluator;

import io.fedstream.auth.KafkaClientProperties;
import io.fedstream.contract.Topics;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the evaluator: every flag maps to one {@link EvaluatorConfig} option. */
@Command(
        name = "fedstream-evaluator",
        usageHelpWidth = 100,
        description = {
            "Scores every version of a model on the global-model topic against the Fashion-MNIST"
                    + " test set and publishes accuracy and loss (source=EVALUATOR) to the metrics"
                    + " topic. Logs one line 'round N accuracy A loss L' per version.",
        },
        sortOptions = false)
public final class EvaluatorMain implements Callable<Integer> {

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
            names = "--" + EvaluatorConfig.TOPIC_METRICS,
            paramLabel = "TOPIC",
            description = "Topic to publish RoundMetrics to (default: ${DEFAULT-VALUE}).")
    String metricsTopic = Topics.METRICS;

    /** The flag's name before it matched the job's --topic-global-model. */
    @Option(names = "--global-model-topic", hidden = true)
    void deprecatedGlobalModelTopic(String topic) {
        globalModelTopic = topic;
    }

    /** The flag's name before it matched the job's --topic-metrics. */
    @Option(names = "--metrics-topic", hidden = true)
    void deprecatedMetricsTopic(String topic) {
        metricsTopic = topic;
    }

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
                        .metricsTopic(metricsTopic)
                        .stopWhenComplete(!stay);
        if (kafkaProperties != null) {
            b.kafkaProperties(KafkaClientProperties.forProcess(kafkaProperties));
        }
        if (testLimit != null) {
            b.testLimit(testLimit);
        }
        return b.build();
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
