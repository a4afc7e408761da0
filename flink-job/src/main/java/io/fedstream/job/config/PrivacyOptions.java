package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of central differential privacy: DP-FedAvg (McMahan et al. 2018) with RDP accounting and
 * optional adaptive clipping (Andrew et al. 2021). None is read unless {@code dp} is on.
 */
public final class PrivacyOptions {
    private PrivacyOptions() {}

    public static final ConfigOption<Boolean> DP =
            ConfigOptions.key("dp")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Central DP-FedAvg: Poisson sampling of clients with q ="
                                    + " clients-per-round / num-clients, updates clipped to dp-clip,"
                                    + " Gaussian noise on the sum, RDP accounting that stops"
                                    + " training before privacy-budget is exceeded.");

    public static final ConfigOption<Double> PRIVACY_BUDGET =
            ConfigOptions.key("privacy-budget")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Target epsilon of the (epsilon, dp-delta) guarantee, with dp: the noise"
                                    + " is calibrated to it over num-rounds (unless"
                                    + " dp-noise-multiplier is set) and training stops before a"
                                    + " round would take epsilon above it.");

    public static final ConfigOption<Double> DP_DELTA =
            ConfigOptions.key("dp-delta")
                    .doubleType()
                    .defaultValue(1e-5)
                    .withDescription("Delta of the (epsilon, delta) guarantee.");

    public static final ConfigOption<Double> DP_NOISE_MULTIPLIER =
            ConfigOptions.key("dp-noise-multiplier")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Noise multiplier z (noise std = z x clip on the sum). Unset: the"
                                    + " smallest z that fits privacy-budget over num-rounds.");

    public static final ConfigOption<Double> DP_CLIP =
            ConfigOptions.key("dp-clip")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "L2 clip norm C of each update (the initial C with adaptive"
                                    + " clipping).");

    public static final ConfigOption<Boolean> DP_ADAPTIVE_CLIP =
            ConfigOptions.key("dp-adaptive-clip")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Adaptive quantile clipping (Andrew et al. 2021).");

    public static final ConfigOption<Double> DP_TARGET_QUANTILE =
            ConfigOptions.key("dp-target-quantile")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription(
                            "Adaptive clipping: target quantile gamma of the update norms.");

    public static final ConfigOption<Double> DP_CLIP_LEARNING_RATE =
            ConfigOptions.key("dp-clip-learning-rate")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Adaptive clipping: geometric learning rate eta of the clip norm.");

    public static final ConfigOption<Double> DP_CLIPPED_COUNT_STDDEV =
            ConfigOptions.key("dp-clipped-count-stddev")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Adaptive clipping: noise std of the clipped count. Unset: expected"
                                    + " clients / 20.");

    public static final ConfigOption<String> DP_KEY_FILE =
            ConfigOptions.key("dp-key-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "File with the secret key (at least 16 bytes) the noise is derived from,"
                                    + " mode 0600 (refused when group or others may read it):"
                                    + " read on the TaskManagers where the noise is drawn, never in"
                                    + " the job graph, never logged. Required with dp; resume a"
                                    + " savepoint with the same file (the job refuses another"
                                    + " key).");
}
