package io.fedstream.local;

import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.kafka.KafkaEndpoints;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The FedStream job on a Flink MiniCluster inside this JVM, reading and writing real Kafka. Its
 * checkpoints go to a temporary directory (removed on {@link #close}), not to the JobManager's
 * memory, whose 5 MiB cap one round of a large model's updates in keyed state would exceed.
 */
public final class LocalJob implements AutoCloseable {
    private final JobClient client;
    private final Path checkpoints;

    private LocalJob(JobClient client, Path checkpoints) {
        this.client = client;
        this.checkpoints = checkpoints;
    }

    /**
     * Submits the job and returns once it is submitted (not yet running).
     *
     * @param parallelism MiniCluster slots and job parallelism
     */
    public static LocalJob start(JobConfig config, int parallelism) throws Exception {
        return start(
                config,
                parallelism,
                KafkaEndpoints.updatesSource(config),
                KafkaEndpoints.heartbeatsSource(config),
                KafkaEndpoints.enrollmentsSource(config),
                KafkaEndpoints.globalModelSource(config),
                KafkaEndpoints.roundTaskSource(config),
                KafkaEndpoints.sink(config));
    }

    /**
     * As {@link #start(JobConfig, int)} on the given sources and sink instead of Kafka (pipeline
     * tests pass in-memory ones); {@code enrollments} is read only with client-auth signed; {@code
     * globalModels} and {@code roundTasks} must deliver what {@code sink} writes to the
     * global-model and round-task topics.
     */
    public static LocalJob start(
            JobConfig config,
            int parallelism,
            Source<RawRecord, ?, ?> updates,
            Source<RawRecord, ?, ?> heartbeats,
            Source<RawRecord, ?, ?> enrollments,
            Source<RawRecord, ?, ?> globalModels,
            Source<RawRecord, ?, ?> roundTasks,
            Sink<OutboundRecord> sink)
            throws Exception {
        Configuration flink = new Configuration();
        // A record that fails the job is a bug; in a local run fail fast instead of restarting
        // forever.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        Path checkpoints = Files.createTempDirectory("fedstream-checkpoints-");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
        FedStreamJob.configure(env, config);
        new FedStreamJob(config)
                .build(env, updates, heartbeats, enrollments, globalModels, roundTasks, sink);
        return new LocalJob(env.executeAsync("FedStream " + config.modelId()), checkpoints);
    }

    /**
     * Waits for the job to end by itself (its sources finished and every operator drained); fails
     * with the job's own error if it failed.
     */
    public void awaitFinished(Duration timeout) throws Exception {
        client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public JobStatus status() throws Exception {
        return client.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /** Fails with the job's own error if it has failed. */
    public void checkAlive() throws Exception {
        JobStatus status = status();
        if (status == JobStatus.FAILED) {
            try {
                client.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the FedStream job failed: " + e.getMessage(), e);
            }
            throw new IllegalStateException("the FedStream job failed");
        }
    }

    @Override
    public void close() throws Exception {
        // A job that has ended took its MiniCluster with it: there is no status left to ask for.
        try {
            if (!client.getJobExecutionResult().isDone() && !status().isGloballyTerminalState()) {
                client.cancel().get(30, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> files = Files.walk(checkpoints)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
