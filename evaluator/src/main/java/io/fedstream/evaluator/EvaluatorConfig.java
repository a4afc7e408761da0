package io.fedstream.evaluator;

import io.fedstream.contract.Topics;
import io.fedstream.data.FashionMnist;
import io.fedstream.identity.PublicIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Settings of an {@link Evaluator}. Built with {@link #builder()}; each option has a key (used in
 * error messages and matching one CLI flag of {@link EvaluatorMain}) and, unless required, the
 * default given by its {@code DEFAULT_} constant.
 *
 * <p>Client authentication (issue #14) is off unless {@link Builder#auth} gives the job's public
 * identity and the run id: then only global models signed by the job for that run are scored, and
 * the metrics carry the run id. The CLI turns it on unless told {@code --insecure-no-auth}.
 */
public final class EvaluatorConfig {
    public static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
    public static final String MODEL_ID = "model-id";
    public static final String KAFKA_PROPERTIES = "kafka-properties";
    public static final String TOPIC_GLOBAL_MODEL = "topic-global-model";
    public static final String TOPIC_EVALUATIONS = "topic-evaluations";

    /**
     * The old key of {@link #TOPIC_EVALUATIONS}, from when the evaluator wrote to the job's metrics
     * topic.
     */
    public static final String TOPIC_METRICS = "topic-metrics";

    public static final String JOB_IDENTITY = "job-identity";
    public static final String RUN_ID = "run-id";
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
    private final String evaluationsTopic;
    private final PublicIdentity jobIdentity; // null: authentication off
    private final String runId;
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
        this.evaluationsTopic = b.evaluationsTopic;
        this.jobIdentity = b.jobIdentity;
        this.runId = b.runId;
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

    /**
     * Where the evaluator publishes its RoundMetrics (source EVALUATOR); default {@link
     * Topics#EVALUATIONS}, so that the job's principal alone writes the job's metrics topic.
     */
    public String evaluationsTopic() {
        return evaluationsTopic;
    }

    /**
     * The old name of {@link #evaluationsTopic()}.
     *
     * @deprecated the evaluator writes to the evaluations topic; use {@link #evaluationsTopic()}
     */
    @Deprecated
    public String metricsTopic() {
        return evaluationsTopic;
    }

    /** Whether only the job's signed models of {@link #runId()} are scored. */
    public boolean authenticated() {
        return jobIdentity != null;
    }

    /** The job's public identity; null with authentication off. */
    public PublicIdentity jobIdentity() {
        return jobIdentity;
    }

    /** The run evaluated, stamped on the metrics; null with authentication off. */
    public String runId() {
        return runId;
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
                + TOPIC_EVALUATIONS
                + "="
                + evaluationsTopic
                + ", "
                + (jobIdentity == null
                        ? "auth=off, "
                        : RUN_ID + "=" + runId + ", " + JOB_IDENTITY + "=" + jobIdentity + ", ")
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
        private String evaluationsTopic = Topics.EVALUATIONS;
        private PublicIdentity jobIdentity;
        private String runId;
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

        /** Where the evaluator's metrics go; default {@link Topics#EVALUATIONS}. */
        public Builder evaluationsTopic(String topic) {
            this.evaluationsTopic = topic;
            return this;
        }

        /**
         * The old name of {@link #evaluationsTopic(String)}.
         *
         * @deprecated use {@link #evaluationsTopic(String)}
         */
        @Deprecated
        public Builder metricsTopic(String topic) {
            return evaluationsTopic(topic);
        }

        /**
         * Turns authentication on: only global models signed by {@code job} with run id {@code
         * runId} are scored, and the metrics carry {@code runId}.
         */
        public Builder auth(PublicIdentity job, String runId) {
            this.jobIdentity = job;
            this.runId = runId;
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
            requireText(TOPIC_EVALUATIONS, evaluationsTopic);
            if (jobIdentity != null || runId != null) {
                if (jobIdentity == null) {
                    throw new IllegalArgumentException(
                            "option '" + RUN_ID + "' needs '" + JOB_IDENTITY + "'");
                }
                requireText(RUN_ID, runId);
            }
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
