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
                            "Clip every admitted update to this L2 norm before the rule (after DP"
                                    + " clipping when dp is on); 0 turns it off.");

    public static final ConfigOption<Long> MAX_NUM_SAMPLES =
            ConfigOptions.key("max-num-samples")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Dead-letter (BAD_NUM_SAMPLES) every update that claims more training"
                                    + " samples than this: it caps one client's weight in FedAvg"
                                    + " and the geometric median against inflated num_samples;"
                                    + " 0 turns it off.");

    public static final ConfigOption<Integer> AGGREGATION_SHARDS =
            ConfigOptions.key("aggregation-shards")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Parameter-range shards of the aggregation (rules that need whole"
                                    + " vectors use one). Unset: the job parallelism.");
}
