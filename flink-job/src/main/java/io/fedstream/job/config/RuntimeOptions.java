package io.fedstream.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Job-level options: checkpointing and parallelism. */
public final class RuntimeOptions {
    private RuntimeOptions() {}

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Checkpoint interval. Outputs are Kafka transactions committed on"
                                    + " checkpoints, so this bounds how soon a new model becomes"
                                    + " visible.");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            ConfigOptions.key("checkpoint-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription(
                            "A checkpoint not complete by then is given up. The sink's Kafka"
                                    + " transactions stay open until their checkpoint completes,"
                                    + " so transaction-timeout must exceed it by at least a"
                                    + " minute (the time to restart), or a slow checkpoint would"
                                    + " let the broker abort a transaction the job still commits.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Job parallelism. Unset: the environment's default (flink run -p, or"
                                    + " the cluster's parallelism.default).");
}
