package io.fedstream.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** Options of the client guard (keyed by client id): anomaly detection, quarantine, replays. */
public final class GuardOptions {
    private GuardOptions() {}

    public static final ConfigOption<Duration> GUARD_STATE_TTL =
            ConfigOptions.key("guard-state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "The client guard forgets a client (history, reputation, quarantine)"
                                    + " this long after its last update (processing time).");

    public static final ConfigOption<Boolean> GUARD_ANOMALY_DETECTION =
            ConfigOptions.key("guard-anomaly-detection")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Reject updates whose cosine to the previous aggregate is below"
                                    + " guard-min-cosine or whose norm exceeds guard-norm-factor"
                                    + " times the previous aggregate's norm, and quarantine repeat"
                                    + " offenders. Off by default so that the aggregation rule alone"
                                    + " decides (and benchmarks of the rules measure the rules);"
                                    + " replay and duplicate checks run either way.");

    public static final ConfigOption<Double> GUARD_MIN_COSINE =
            ConfigOptions.key("guard-min-cosine")
                    .doubleType()
                    .defaultValue(-0.2)
                    .withDescription(
                            "An update whose cosine similarity to the previous aggregate delta is"
                                    + " below this is anomalous.");

    public static final ConfigOption<Double> GUARD_NORM_FACTOR =
            ConfigOptions.key("guard-norm-factor")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "kappa: an update whose L2 norm exceeds kappa times the previous"
                                    + " aggregate delta's norm is anomalous.");

    public static final ConfigOption<Double> GUARD_EWMA_WEIGHT =
            ConfigOptions.key("guard-ewma-weight")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Weight of the newest update in the per-client EWMAs of norm, cosine and"
                                    + " reputation.");

    public static final ConfigOption<Integer> GUARD_ANOMALY_LIMIT =
            ConfigOptions.key("guard-anomaly-limit")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "A: anomalies after which a client is quarantined (the count restarts"
                                    + " after each quarantine).");

    public static final ConfigOption<Integer> GUARD_QUARANTINE_ROUNDS =
            ConfigOptions.key("guard-quarantine-rounds")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "K: rounds after the A-th anomaly during which the client's updates are"
                                    + " rejected as QUARANTINED.");

    public static final ConfigOption<Integer> GUARD_REPLAY_WINDOW =
            ConfigOptions.key("guard-replay-window")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Content hashes of a client's recent updates kept to reject replays.");
}
