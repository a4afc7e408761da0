package io.fedstream.local;

import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.GuardOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The demo's Byzantine-robustness flags (a picocli mixin), each the job option of the same key.
 * Unset flags leave the job's defaults (docs/options.md), which the demo does not repeat.
 */
public final class DemoRobustnessOptions {
    @Option(
            names = "--aggregator",
            paramLabel = "RULE",
            description =
                    "Aggregation rule: fedavg, median, trimmed-mean, krum, multi-krum, bulyan,"
                            + " geomed or centered-clipping (default: the job's).")
    String aggregator;

    @Option(
            names = "--byzantine-f",
            paramLabel = "F",
            description = "f, Byzantine updates per round the rule tolerates.")
    Integer byzantineF;

    @Option(names = "--trim-beta", paramLabel = "BETA", description = "trimmed-mean: beta.")
    Double trimBeta;

    @Option(names = "--multi-krum-m", paramLabel = "M", description = "multi-krum: m.")
    Integer multiKrumM;

    @Option(names = "--cc-tau", paramLabel = "TAU", description = "centered-clipping: tau.")
    Double ccTau;

    @Option(
            names = "--cc-iterations",
            paramLabel = "L",
            description = "centered-clipping: iterations L.")
    Integer ccIterations;

    @Option(
            names = "--norm-bound",
            paramLabel = "BOUND",
            description = "Clip every update to this L2 norm before the rule.")
    Double normBound;

    @Option(
            names = "--guard-anomaly-detection",
            arity = "1",
            paramLabel = "true|false",
            description = "Client guard: reject updates far from the previous aggregate.")
    Boolean guardAnomalyDetection;

    /**
     * Sets the job options of the flags given.
     *
     * @throws IllegalArgumentException naming a bad {@code --aggregator} value
     */
    void applyTo(Configuration c) {
        if (aggregator != null) {
            c.set(AggregationOptions.AGGREGATOR, Aggregator.parse(aggregator));
        }
        setIfGiven(c, AggregationOptions.BYZANTINE_F, byzantineF);
        setIfGiven(c, AggregationOptions.TRIM_BETA, trimBeta);
        setIfGiven(c, AggregationOptions.MULTI_KRUM_M, multiKrumM);
        setIfGiven(c, AggregationOptions.CC_TAU, ccTau);
        setIfGiven(c, AggregationOptions.CC_ITERATIONS, ccIterations);
        setIfGiven(c, AggregationOptions.NORM_BOUND, normBound);
        setIfGiven(c, GuardOptions.GUARD_ANOMALY_DETECTION, guardAnomalyDetection);
    }

    private static <T> void setIfGiven(Configuration c, ConfigOption<T> option, T value) {
        if (value != null) {
            c.set(option, value);
        }
    }
}
