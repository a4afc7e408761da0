package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.kafka.KafkaEndpoints;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The failover ITCases' MiniCluster, job submission and TaskManager kill. */
final class Failovers {
    private Failovers() {}

    /** Two TaskManagers of two slots: a parallelism-2 job may run on either or both. */
    static MiniClusterExtension twoTaskManagers() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(2)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /**
     * Submits the job of {@code config} on Kafka at parallelism 2, restarting up to 5 times 500 ms
     * apart, with {@code flink} (e.g. a state backend) on top.
     */
    static JobClient submit(JobConfig config, Configuration flink) throws Exception {
        Configuration c = new Configuration(flink);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        c.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(c);
        env.setParallelism(2);
        FedStreamJob.configure(env, config);
        new FedStreamJob(config)
                .build(
                        env,
                        KafkaEndpoints.updatesSource(config),
                        KafkaEndpoints.heartbeatsSource(config),
                        KafkaEndpoints.sink(config));
        return env.executeAsync("FedStream " + config.modelId());
    }

    /**
     * The TaskManagers of each cluster of {@link #twoTaskManagers} still running, by index: the
     * cluster keeps a terminated one at its index and appends a started one.
     */
    private static final Map<MiniCluster, Deque<Integer>> RUNNING = new IdentityHashMap<>();

    private static final Map<MiniCluster, Integer> STARTED = new IdentityHashMap<>();

    /**
     * Terminates every running TaskManager (the job's tasks may share one or spread over both),
     * after starting a fresh one for the restarted job.
     */
    static synchronized void killEveryTaskManagerOfTheJob(MiniCluster miniCluster)
            throws Exception {
        Deque<Integer> running =
                RUNNING.computeIfAbsent(miniCluster, c -> new ArrayDeque<>(List.of(0, 1)));
        int fresh = STARTED.merge(miniCluster, 3, (a, b) -> a + 1) - 1;
        miniCluster.startTaskManager();
        while (!running.isEmpty()) {
            miniCluster.terminateTaskManager(running.poll()).get(60, TimeUnit.SECONDS);
        }
        running.add(fresh);
    }

    /** Asserts that the job went through RESTARTING: the kill really failed it over. */
    static void assertRestarted(MiniCluster miniCluster, JobID job) throws Exception {
        assertThat(
                        miniCluster
                                .getExecutionGraph(job)
                                .get(30, TimeUnit.SECONDS)
                                .getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job restarted")
                .isPositive();
    }
}
