package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the aggregation: the rule ({@code --aggregator}) and its parameters, the bounds on
 * what one update may contribute, and how the aggregation is sharded.
 */
public final class AggregationOptions {
    private AggregationOptions() {}

    public static final ConfigOption<Aggregator> AGGREGATOR =
            ConfigOptions.key("aggregator")
                    .enumType(Aggregator.class)
                    .defaultValue(Aggregator.FEDAVG)
                    .withDescription(
                            "Aggregation rule. fedavg, median and trimmed-mean run on the"
                                    + " parameter-range shards; the others need whole vectors and"
                                    + " run on a single aggregation shard.");

    public static final ConfigOption<Integer> BYZANTINE_F =
            ConfigOptions.key("byzantine-f")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "f, the Byzantine updates per round the rule must tolerate (median, krum,"
                                    + " multi-krum, bulyan, geomed). Rounds too small for f fall back"
                                    + " to the coordinate-wise median.");

    public static final ConfigOption<Double> TRIM_BETA =
            ConfigOptions.key("trim-beta")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "trimmed-mean: fraction trimmed from each end of every coordinate, in"
                                    + " [0, 0.5).");

    public static final ConfigOption<Integer> MULTI_KRUM_M =
            ConfigOptions.key("multi-krum-m")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "multi-krum: updates averaged after selection. Unset: n - f of each"
                                    + " round.");

    public static final ConfigOption<Double> CC_TAU =
            ConfigOptions.key("cc-tau")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "centered-clipping: clipping radius tau around the previous aggregate.");

    public static final ConfigOption<Integer> CC_ITERATIONS =
            ConfigOptions.key("cc-iterations")
                    .intType()
                    .defaultValue(3)
                    .withDescription("centered-clipping: iterations L.");

    public static final ConfigOption<Double> NORM_BOUND =
            ConfigOptions.key("norm-bound")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "A fixed norm bound: clip every admitted update to this L2 norm before"
                                    + " the rule (after DP clipping when dp is on). 0: the adaptive"
                                    + " bound of norm-bound-factor instead (none with dp).");

    public static final ConfigOption<Double> NORM_BOUND_FACTOR =
            ConfigOptions.key("norm-bound-factor")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "The adaptive norm bound, used when norm-bound is 0 and dp is off: clip"
                                    + " every admitted update to this factor x the median L2 norm"
                                    + " of the last bound-window admitted updates (itself"
                                    + " included; docs/robustness.md#safe-defaults). 0 turns it"
                                    + " off.");

    public static final ConfigOption<Double> MAX_WEIGHT_FACTOR =
            ConfigOptions.key("max-weight-factor")
                    .doubleType()
                    .defaultValue(4.0)
                    .withDescription(
                            "The weight cap, used when dp is off (dp weighs updates uniformly): an"
                                    + " update weighs min(num_samples, this factor x the median"
                                    + " num_samples of the last bound-window admitted updates)."
                                    + " 0 turns it off.");

    public static final ConfigOption<Integer> BOUND_WINDOW =
            ConfigOptions.key("bound-window")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Admitted updates whose norms and num_samples the adaptive norm bound"
                                    + " and the weight cap take the median of. Unset: 2 x"
                                    + " clients-per-round.");

    public static final ConfigOption<Integer> BOUND_WARM_UP =
            ConfigOptions.key("bound-warm-up")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Until this many admitted updates are known (or the round closes), the"
                                    + " coordinator holds the first updates of a job back, then"
                                    + " bounds them with the median of all of them, so the very"
                                    + " first update is bounded too. At most bound-window (a"
                                    + " larger value is cut to it).");

    public static final ConfigOption<Long> MAX_NUM_SAMPLES =
            ConfigOptions.key("max-num-samples")
                    .longType()
                    .defaultValue(10_000_000L)
                    .withDescription(
                            "Dead-letter (BAD_NUM_SAMPLES) every update that claims more training"
                                    + " samples than this, before any weight cap: nothing absurd is"
                                    + " accepted at all. 0 turns it off.");

    public static final ConfigOption<Integer> AGGREGATION_SHARDS =
            ConfigOptions.key("aggregation-shards")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Parameter-range shards of the aggregation (rules that need whole"
                                    + " vectors use one). Unset: the job parallelism.");
}
