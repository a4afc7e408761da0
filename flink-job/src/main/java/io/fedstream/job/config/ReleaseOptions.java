package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the release check, the last test a round's model passes before it is published: a
 * candidate with a non-finite parameter is never published, nor one whose step is many times the
 * recent ones. See docs/robustness.md#safe-defaults.
 */
public final class ReleaseOptions {
    private ReleaseOptions() {}

    public static final ConfigOption<Double> RELEASE_MAX_STEP_FACTOR =
            ConfigOptions.key("release-max-step-factor")
                    .doubleType()
                    .defaultValue(10.0)
                    .withDescription(
                            "A round's model is not published if its step ||w_new - w_old||"
                                    + " exceeds this factor x the median of the last"
                                    + " release-step-window released (non-zero) steps, once"
                                    + " release-warm-up are known: the previous parameters stay"
                                    + " current, and RoundMetrics.release_refused and a"
                                    + " RELEASE_REFUSED dead letter say why. 0 turns the step check"
                                    + " off; a model with a non-finite parameter is never"
                                    + " published.");

    public static final ConfigOption<Integer> RELEASE_STEP_WINDOW =
            ConfigOptions.key("release-step-window")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Released steps whose median the step check compares with.");

    public static final ConfigOption<Integer> RELEASE_WARM_UP =
            ConfigOptions.key("release-warm-up")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Released non-zero steps needed before the step check applies. In"
                                    + " 1..release-step-window.");
}
