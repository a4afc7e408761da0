package io.fedstream.local.bench.flood;

import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.kafka.KafkaEndpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex;
import org.apache.flink.runtime.executiongraph.ArchivedExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobVertexID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * The FedStream job on Kafka, run on a MiniCluster this class starts itself so that the bench can
 * read the running job's checkpoint statistics (the state size of the last completed checkpoint, in
 * total and per operator) without a REST client. Heap state backend, checkpoints to files.
 */
public final class FloodCluster implements AutoCloseable {
    private final MiniCluster cluster;
    private final JobID jobId;

    /** The last completed checkpoint: its id and state sizes in bytes (-1: none yet). */
    public record Checkpoint(
            long id, long totalBytes, long coordinatorBytes, long guardBytes, long limiterBytes) {
        static final Checkpoint NONE = new Checkpoint(-1, -1, -1, -1, -1);
    }

    private FloodCluster(MiniCluster cluster, JobID jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    /** Starts a MiniCluster of {@code parallelism} slots and submits the job on Kafka to it. */
    public static FloodCluster start(JobConfig config, int parallelism, Path checkpointDir)
            throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        flink.setString(
                "metrics.reporter." + FloodMetrics.NAME + ".factory.class",
                FloodMetrics.Factory.class.getName());
        FloodMetrics.reset();
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(flink)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(parallelism)
                                .build());
        cluster.start();
        try {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            env.setParallelism(parallelism);
            FedStreamJob.configure(env, config);
            new FedStreamJob(config)
                    .build(
                            env,
                            KafkaEndpoints.updatesSource(config),
                            KafkaEndpoints.heartbeatsSource(config),
                            KafkaEndpoints.globalModelSource(config),
                            KafkaEndpoints.roundTaskSource(config),
                            KafkaEndpoints.sink(config));
            StreamGraph graph = env.getStreamGraph();
            graph.setJobName("FedStream flood bench " + config.modelId());
            JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
            return new FloodCluster(cluster, id);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    public JobStatus status() throws Exception {
        return cluster.getJobStatus(jobId).get(30, TimeUnit.SECONDS);
    }

    /** The last completed checkpoint of the running job, or {@link Checkpoint#NONE}. */
    public Checkpoint lastCheckpoint() throws Exception {
        ArchivedExecutionGraph graph =
                cluster.getArchivedExecutionGraph(jobId).get(30, TimeUnit.SECONDS);
        CompletedCheckpointStats last =
                graph.getCheckpointStatsSnapshot().getHistory().getLatestCompletedCheckpoint();
        if (last == null) {
            return Checkpoint.NONE;
        }
        long coordinator = 0;
        long guard = 0;
        long limiter = 0;
        for (Map.Entry<JobVertexID, AccessExecutionJobVertex> v :
                graph.getAllVertices().entrySet()) {
            TaskStateStats stats = last.getTaskStateStats(v.getKey());
            long bytes = stats == null ? 0 : stats.getStateSize();
            String name = v.getValue().getName();
            if (name.contains("round-coordinator")) {
                coordinator += bytes;
            } else if (name.contains("client-guard")) {
                guard += bytes;
            } else if (name.contains("limit-heartbeats")) {
                limiter += bytes;
            }
        }
        return new Checkpoint(
                last.getCheckpointId(), last.getStateSize(), coordinator, guard, limiter);
    }

    @Override
    public void close() throws Exception {
        try {
            if (!status().isGloballyTerminalState()) {
                cluster.cancelJob(jobId).get(30, TimeUnit.SECONDS);
            }
        } finally {
            cluster.close();
        }
    }
}
