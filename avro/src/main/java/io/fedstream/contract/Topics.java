package io.fedstream.contract;

import java.util.List;
import java.util.Map;

/**
 * Every topic of the contract, its default name and its configuration, in one place.
 *
 * <p>Message size: the largest record is a model (updates and global models carry all parameters as
 * float32), so {@link #MAX_MESSAGE_BYTES} bounds the model size; {@link
 * io.fedstream.model.ModelSpec} refuses larger models with a clear error rather than chunking.
 */
public final class Topics {
    private Topics() {}

    /**
     * 8 MiB: about 2 million float32 parameters plus headers. Producers set max.request.size to it.
     */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    /** Bytes reserved for everything in a model record that is not parameter data. */
    public static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    public static final String UPDATES = "fedstream.updates";
    public static final String HEARTBEATS = "fedstream.heartbeats";
    public static final String ROUND_TASKS = "fedstream.round-tasks";
    public static final String GLOBAL_MODEL = "fedstream.global-model";
    public static final String METRICS = "fedstream.metrics";
    public static final String DEAD_LETTER = "fedstream.dead-letter";
    public static final String ENROLLMENTS = "fedstream.enrollments";
    public static final String EVALUATIONS = "fedstream.evaluations";

    /**
     * Client topics are stamped by the broker (LogAppendTime), not by the producer: the job checks
     * enrollment validity and keeps event time by these stamps, which a client cannot choose.
     */
    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /** A topic's name, partition count and topic-level configs. */
    public record TopicSpec(String name, int partitions, Map<String, String> configs) {}

    private static final Map<String, String> LARGE =
            Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));

    /** The update log is kept for a week so a job can be replayed from it. */
    public static TopicSpec updates(String name) {
        return new TopicSpec(
                name,
                4,
                Map.of(
                        "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES),
                        "retention.ms", Long.toString(7L * 24 * 3600 * 1000),
                        "message.timestamp.type", LOG_APPEND_TIME));
    }

    public static TopicSpec heartbeats(String name) {
        return new TopicSpec(
                name,
                2,
                Map.of(
                        "retention.ms",
                        Long.toString(24L * 3600 * 1000),
                        "message.timestamp.type",
                        LOG_APPEND_TIME));
    }

    /**
     * Compacted and keyed by client id: the operator's latest signed enrollment or revocation of
     * each client stays. Written only by the operator (ACLs).
     */
    public static TopicSpec enrollments(String name) {
        return new TopicSpec(
                name, 1, Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "3600000"));
    }

    /** The evaluator's RoundMetrics (source EVALUATOR); the job's own are on {@link #METRICS}. */
    public static TopicSpec evaluations(String name) {
        return new TopicSpec(name, 1, Map.of());
    }

    public static TopicSpec roundTasks(String name) {
        return new TopicSpec(name, 1, Map.of());
    }

    /** Compacted and keyed by model id: the latest version of each model stays for late joiners. */
    public static TopicSpec globalModel(String name) {
        return new TopicSpec(
                name,
                1,
                Map.of(
                        "cleanup.policy", "compact",
                        "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES),
                        "min.compaction.lag.ms", Long.toString(3600_000L)));
    }

    public static TopicSpec metrics(String name) {
        return new TopicSpec(name, 1, Map.of());
    }

    public static TopicSpec deadLetter(String name) {
        return new TopicSpec(name, 1, LARGE);
    }

    /** The default topics, by their default names. */
    public static List<TopicSpec> defaults() {
        return List.of(
                updates(UPDATES),
                heartbeats(HEARTBEATS),
                roundTasks(ROUND_TASKS),
                globalModel(GLOBAL_MODEL),
                metrics(METRICS),
                deadLetter(DEAD_LETTER),
                enrollments(ENROLLMENTS),
                evaluations(EVALUATIONS));
    }
}
