package io.fedstream.evaluator;

import io.fedstream.contract.Topics;
import io.fedstream.data.FashionMnist;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Settings of an {@link Evaluator}. Built with {@link #builder()}; each option has a key (used in
 * error messages and matching one CLI flag of {@link EvaluatorMain}) and, unless required, the
 * default given by its {@code DEFAULT_} constant.
 */
public final class EvaluatorConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String MODEL_ID = "model-id";
    public static final String KAFKA_PROPERTIES = "kafka-properties";
    public static final String TOPIC_GLOBAL_MODEL = "topic-global-model";
    public static final String TOPIC_METRICS = "topic-metrics";
    public static final String THREADS = "threads";
    public static final String TEST_LIMIT = "test-limit";
    public static final String DATA_DIR = "data-dir";
    public static final String POLL_TIMEOUT = "poll-timeout";

    public static final int DEFAULT_THREADS = 2;

    /** Evaluate on every test example. */
    public static final int ALL_EXAMPLES = Integer.MAX_VALUE;

    public static final Duration DEFAULT_POLL_TIMEOUT = Duration.ofMillis(500);

    private final String bootstrapServers;
    private final String modelId;
    private final String globalModelTopic;
    private final String metricsTopic;
    private final int threads;
    private final int testLimit;
    private final Path dataDir;
    private final boolean stopWhenComplete;
    private final Duration pollTimeout;
    private final Consumer<EvaluationResult> onResult;
    private final Properties kafkaProperties;

    private EvaluatorConfig(Builder b) {
        this.kafkaProperties = new Properties();
        this.kafkaProperties.putAll(b.kafkaProperties);
        this.bootstrapServers = b.bootstrapServers;
        this.modelId = b.modelId;
        this.globalModelTopic = b.globalModelTopic;
        this.metricsTopic = b.metricsTopic;
        this.threads = b.threads;
        this.testLimit = b.testLimit;
        this.dataDir = b.dataDir == null ? FashionMnist.defaultDir() : b.dataDir;
        this.stopWhenComplete = b.stopWhenComplete;
        this.pollTimeout = b.pollTimeout;
        this.onResult = b.onResult;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String modelId() {
        return modelId;
    }

    public String globalModelTopic() {
        return globalModelTopic;
    }

    public String metricsTopic() {
        return metricsTopic;
    }

    public int threads() {
        return threads;
    }

    /** Evaluate only the first this-many test examples; {@link #ALL_EXAMPLES} for all. */
    public int testLimit() {
        return testLimit;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the evaluator returns after a version marked {@code training_complete}. */
    public boolean stopWhenComplete() {
        return stopWhenComplete;
    }

    public Duration pollTimeout() {
        return pollTimeout;
    }

    /**
     * Kafka client properties (security settings) applied to the consumer and the producer after
     * their own; never part of {@link #toString()}.
     */
    public Properties kafkaProperties() {
        Properties copy = new Properties();
        copy.putAll(kafkaProperties);
        return copy;
    }

    /** Called on the evaluator's thread after each version is scored and its metrics are sent. */
    public Consumer<EvaluationResult> onResult() {
        return onResult;
    }

    @Override
    public String toString() {
        return "EvaluatorConfig{"
                + BOOTSTRAP_SERVERS
                + "="
                + bootstrapServers
                + ", "
                + MODEL_ID
                + "="
                + modelId
                + ", "
                + TOPIC_GLOBAL_MODEL
                + "="
                + globalModelTopic
                + ", "
                + TOPIC_METRICS
                + "="
                + metricsTopic
                + ", "
                + THREADS
                + "="
                + threads
                + ", "
                + TEST_LIMIT
                + "="
                + (testLimit == ALL_EXAMPLES ? "all" : testLimit)
                + ", "
                + DATA_DIR
                + "="
                + dataDir
                + ", stop-when-complete="
                + stopWhenComplete
                + "}";
    }

    /** Builder; {@link #build()} names the first missing or invalid option. */
    public static final class Builder {
        private String bootstrapServers;
        private String modelId;
        private String globalModelTopic = Topics.GLOBAL_MODEL;
        private String metricsTopic = Topics.METRICS;
        private int threads = DEFAULT_THREADS;
        private int testLimit = ALL_EXAMPLES;
        private Path dataDir;
        private boolean stopWhenComplete = true;
        private Duration pollTimeout = DEFAULT_POLL_TIMEOUT;
        private Consumer<EvaluationResult> onResult = r -> {};
        private final Properties kafkaProperties = new Properties();

        private Builder() {}

        /** Kafka client properties for the consumer and the producer (security settings). */
        public Builder kafkaProperties(Properties properties) {
            this.kafkaProperties.putAll(properties);
            return this;
        }

        /** Required. Kafka bootstrap servers, {@code host:port[,host:port...]}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Required. Only global models with this {@code model_id} are evaluated. */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        /** Default {@link Topics#GLOBAL_MODEL}. */
        public Builder globalModelTopic(String topic) {
            this.globalModelTopic = topic;
            return this;
        }

        /** Default {@link Topics#METRICS}. */
        public Builder metricsTopic(String topic) {
            this.metricsTopic = topic;
            return this;
        }

        /** Evaluation threads, default {@link #DEFAULT_THREADS}. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Use only the first {@code n} test examples; default all. */
        public Builder testLimit(int n) {
            this.testLimit = n;
            return this;
        }

        /** Folder with the Fashion-MNIST IDX files; default {@link FashionMnist#defaultDir()}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Default true: return from {@link Evaluator#run()} after a complete version. */
        public Builder stopWhenComplete(boolean stop) {
            this.stopWhenComplete = stop;
            return this;
        }

        /** How long one poll waits for records, default {@link #DEFAULT_POLL_TIMEOUT}. */
        public Builder pollTimeout(Duration timeout) {
            this.pollTimeout = timeout;
            return this;
        }

        /** Observer of each result, for launchers that run the evaluator in-process. */
        public Builder onResult(Consumer<EvaluationResult> onResult) {
            this.onResult = Objects.requireNonNull(onResult, "onResult");
            return this;
        }

        public EvaluatorConfig build() {
            requireText(BOOTSTRAP_SERVERS, bootstrapServers);
            requireText(MODEL_ID, modelId);
            requireText(TOPIC_GLOBAL_MODEL, globalModelTopic);
            requireText(TOPIC_METRICS, metricsTopic);
            if (threads < 1) {
                throw new IllegalArgumentException(
                        "option '" + THREADS + "' is " + threads + ", expected >= 1");
            }
            if (testLimit < 1) {
                throw new IllegalArgumentException(
                        "option '" + TEST_LIMIT + "' is " + testLimit + ", expected >= 1");
            }
            if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "option '"
                                + POLL_TIMEOUT
                                + "' is "
                                + pollTimeout
                                + ", expected a positive duration");
            }
            return new EvaluatorConfig(this);
        }

        private static void requireText(String key, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(
                        "missing required option '"
                                + key
                                + "'"
                                + (value == null ? "" : " (blank)"));
            }
        }
    }
}
