package io.fedstream.job.config;

import io.fedstream.contract.Topics;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the job's Kafka endpoints: brokers, topic names, offsets and the sink. */
public final class KafkaOptions {
    private KafkaOptions() {}

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers.");

    public static final ConfigOption<String> KAFKA_PROPERTIES =
            ConfigOptions.key("kafka-properties")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File of Kafka client properties (security.protocol, sasl.*, ssl.*,"
                                    + " config.providers) applied to every source, the sink and"
                                    + " the topic admin. Secrets must be config-provider"
                                    + " references such as"
                                    + " ${file:/path/job-secrets.properties:sasl.jaas.config}"
                                    + " (resolved where each client is created); an inline"
                                    + " secret is refused, since the properties are serialized"
                                    + " into the job graph.");

    public static final ConfigOption<String> TOPIC_UPDATES =
            ConfigOptions.key("topic-updates")
                    .stringType()
                    .defaultValue(Topics.UPDATES)
                    .withDescription("Topic of ModelUpdate records (input).");

    public static final ConfigOption<String> TOPIC_HEARTBEATS =
            ConfigOptions.key("topic-heartbeats")
                    .stringType()
                    .defaultValue(Topics.HEARTBEATS)
                    .withDescription("Topic of ClientHeartbeat records (input).");

    public static final ConfigOption<String> TOPIC_ROUND_TASKS =
            ConfigOptions.key("topic-round-tasks")
                    .stringType()
                    .defaultValue(Topics.ROUND_TASKS)
                    .withDescription("Topic of RoundTask records (output).");

    public static final ConfigOption<String> TOPIC_GLOBAL_MODEL =
            ConfigOptions.key("topic-global-model")
                    .stringType()
                    .defaultValue(Topics.GLOBAL_MODEL)
                    .withDescription(
                            "Compacted topic of GlobalModel records (output; the client guard also"
                                    + " reads it back).");

    public static final ConfigOption<String> TOPIC_METRICS =
            ConfigOptions.key("topic-metrics")
                    .stringType()
                    .defaultValue(Topics.METRICS)
                    .withDescription("Topic of RoundMetrics records (output).");

    public static final ConfigOption<String> TOPIC_ENROLLMENTS =
            ConfigOptions.key("topic-enrollments")
                    .stringType()
                    .defaultValue(Topics.ENROLLMENTS)
                    .withDescription(
                            "Compacted topic of the operator's signed ClientEnrollment records"
                                    + " (input, read from the earliest offset; client-auth"
                                    + " signed).");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER =
            ConfigOptions.key("topic-dead-letter")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTER)
                    .withDescription("Topic of DeadLetter records (output).");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.LATEST)
                    .withDescription(
                            "Where a fresh job starts reading updates and heartbeats. A job restored"
                                    + " from a checkpoint or savepoint resumes from its stored"
                                    + " offsets.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "transaction.timeout.ms of the exactly-once sink: above"
                                    + " checkpoint-timeout plus a minute to restart (checked at"
                                    + " submission), and at most the broker's"
                                    + " transaction.max.timeout.ms (15 min by default), or the"
                                    + " broker refuses the producer.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("fedstream")
                    .withDescription(
                            "Prefix of the exactly-once sink's Kafka transactional ids (followed by"
                                    + " the model id and, if set, the run id, so two runs never"
                                    + " fence each other).");

    public static final ConfigOption<Boolean> CREATE_TOPICS =
            ConfigOptions.key("create-topics")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Create missing topics with the contract's partitions and configs before"
                                    + " the job starts (compacted global-model topic, 8 MiB message"
                                    + " limit).");

    public static final ConfigOption<Integer> TOPIC_REPLICATION_FACTOR =
            ConfigOptions.key("topic-replication-factor")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Replication factor of topics the job creates.");

    public static final ConfigOption<Duration> LOG_CLOCK_INTERVAL =
            ConfigOptions.key("log-clock-interval")
                    .durationType()
                    .defaultValue(Duration.ofMillis(200))
                    .withDescription(
                            "How often the job writes a clock tick (key fedstream.tick, empty value)"
                                    + " to every partition of the updates and heartbeat topics. The"
                                    + " job's time is the broker's record timestamps, so the ticks"
                                    + " move a round's deadline along while no client writes; 0"
                                    + " writes none (then an idle partition holds event time back"
                                    + " until it has been idle for 10 s).");
}
