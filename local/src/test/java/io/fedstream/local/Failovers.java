package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.kafka.KafkaEndpoints;
import java.time.Duration;
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
     * Terminates both TaskManagers the job may run on (its tasks may share one), after starting a
     * third for the restarted job.
     */
    static void killEveryTaskManagerOfTheJob(MiniCluster miniCluster) throws Exception {
        miniCluster.startTaskManager(); // index 2; terminating one leaves the others' indices
        miniCluster.terminateTaskManager(0).get(60, TimeUnit.SECONDS);
        miniCluster.terminateTaskManager(1).get(60, TimeUnit.SECONDS);
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
