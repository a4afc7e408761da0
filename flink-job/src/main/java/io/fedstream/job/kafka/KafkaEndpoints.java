package io.fedstream.job.kafka;

import static io.fedstream.job.config.KafkaOptions.*;

import io.fedstream.auth.KafkaClientProperties;
import io.fedstream.contract.Topics;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.StartingOffsets;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * The job's Kafka sources and its one exactly-once sink, with the client properties of {@code
 * --kafka-properties} (security settings) applied to each. Those properties are serialized with the
 * sources and the sink into the job graph, so {@link KafkaClientProperties#forJob} admits secrets
 * only as config-provider references, which each Kafka client resolves when a TaskManager (or, for
 * the source enumerator's admin client, the JobManager) creates it.
 */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    public static KafkaSource<RawRecord> updatesSource(JobConfig config) {
        return source(config, config.get(TOPIC_UPDATES));
    }

    public static KafkaSource<RawRecord> heartbeatsSource(JobConfig config) {
        return source(config, config.get(TOPIC_HEARTBEATS));
    }

    /**
     * The job's own released models, for the client guard. Always from the earliest offset: the
     * topic is compacted and small, and the guard needs the newest two versions.
     */
    public static KafkaSource<RawRecord> globalModelSource(JobConfig config) {
        return source(config, config.get(TOPIC_GLOBAL_MODEL), OffsetsInitializer.earliest());
    }

    /** The operator's enrollments: always all of them, from the earliest offset (compacted). */
    public static KafkaSource<RawRecord> enrollmentsSource(JobConfig config) {
        return source(config, config.get(TOPIC_ENROLLMENTS), OffsetsInitializer.earliest());
    }

    /** The job's own round tasks, read back (read_committed, from the earliest offset). */
    public static KafkaSource<RawRecord> roundTaskSource(JobConfig config) {
        return source(config, config.get(TOPIC_ROUND_TASKS), OffsetsInitializer.earliest());
    }

    /**
     * The consumer group of every source of the job: offsets are committed to it on each completed
     * checkpoint (for monitoring; the job restores its positions from its own checkpoints).
     */
    public static String groupId(JobConfig config) {
        return "fedstream-job-" + config.modelId();
    }

    private static KafkaSource<RawRecord> source(JobConfig config, String topic) {
        OffsetsInitializer start =
                config.get(STARTING_OFFSETS) == StartingOffsets.EARLIEST
                        ? OffsetsInitializer.earliest()
                        : OffsetsInitializer.latest();
        return source(config, topic, start);
    }

    /**
     * The properties of the {@code --kafka-properties} file, none if the option is unset; fails
     * naming the file and key for an inline secret.
     */
    public static Properties clientProperties(JobConfig config) {
        return config.getOptional(KAFKA_PROPERTIES)
                .map(file -> KafkaClientProperties.forJob(Path.of(file)))
                .orElseGet(Properties::new);
    }

    /** {@link #clientProperties} with the bootstrap servers, for the job's topic admin. */
    public static Properties adminProperties(JobConfig config) {
        Properties p = clientProperties(config);
        p.put("bootstrap.servers", config.get(BOOTSTRAP_SERVERS));
        return p;
    }

    /**
     * The prefix of every transactional id of the job's sink (the sink appends subtask and
     * checkpoint ids). The one place it is composed: the ACL plan grants the job every id that
     * starts with {@code --transactional-id-prefix}, which this must keep as its start.
     */
    public static String transactionalIdPrefix(JobConfig config) {
        String prefix = config.get(TRANSACTIONAL_ID_PREFIX) + "-" + config.modelId();
        return config.getOptional(IdentityOptions.RUN_ID)
                .map(run -> prefix + "-" + run)
                .orElse(prefix);
    }

    private static KafkaSource<RawRecord> source(
            JobConfig config, String topic, OffsetsInitializer start) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setProperties(clientProperties(config))
                .setTopics(topic)
                .setGroupId(groupId(config))
                .setStartingOffsets(start)
                .setDeserializer(new RawRecordDeserializer())
                .setProperty(
                        "max.partition.fetch.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES))
                .setProperty("fetch.max.bytes", Integer.toString(4 * Topics.MAX_MESSAGE_BYTES))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
    }

    /**
     * The job's log clock over the updates and heartbeat topics, or null with {@code
     * log-clock-interval} 0.
     */
    public static LogClock logClock(JobConfig config) {
        Duration interval = config.get(LOG_CLOCK_INTERVAL);
        if (interval.isZero()) {
            return null;
        }
        return LogClock.start(
                adminProperties(config),
                List.of(config.get(TOPIC_UPDATES), config.get(TOPIC_HEARTBEATS)),
                interval);
    }

    public static KafkaSink<OutboundRecord> sink(JobConfig config) {
        return KafkaSink.<OutboundRecord>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(clientProperties(config))
                .setRecordSerializer(new OutboundSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix(config))
                .setProperty(
                        "transaction.timeout.ms",
                        Long.toString(config.get(TRANSACTION_TIMEOUT).toMillis()))
                .setProperty("max.request.size", Integer.toString(Topics.MAX_MESSAGE_BYTES))
                .build();
    }
}
