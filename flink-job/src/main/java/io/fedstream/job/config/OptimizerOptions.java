package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the server optimizer, which treats a round's released delta (after the aggregation
 * rule and DP noise) as a pseudo-gradient and applies it to the global model (Reddi et al. 2021,
 * Algorithm 2; FedAvgM: Hsu et al. 2019). The defaults of beta1, beta2 and tau are Reddi et al.'s;
 * see docs/learning.md.
 */
public final class OptimizerOptions {
    private OptimizerOptions() {}

    public static final ConfigOption<Optimizer> SERVER_OPTIMIZER =
            ConfigOptions.key("server-optimizer")
                    .enumType(Optimizer.class)
                    .defaultValue(Optimizer.FEDAVG)
                    .withDescription(
                            "How the round's delta (after the aggregation rule and DP noise) moves"
                                    + " the global model x: fedavg x += eta * delta; fedavgm heavy-ball"
                                    + " momentum m = server-momentum * m + delta, x += eta * m;"
                                    + " fedadagrad, fedadam, fedyogi the adaptive steps of Reddi et"
                                    + " al. 2021 (docs/learning.md). Momentum and second moments are"
                                    + " kept per model id in checkpointed state.");

    public static final ConfigOption<Double> SERVER_LEARNING_RATE =
            ConfigOptions.key("server-learning-rate")
                    .doubleType()
                    .noDefaultValue()
                    .withDescription(
                            "Server learning rate eta, > 0. Unset: 1 for fedavg (plain FedAvg),"
                                    + " 1 - server-momentum for fedavgm (effective rate eta / (1 -"
                                    + " momentum) = 1), 0.01 for the adaptive optimizers.");

    public static final ConfigOption<Double> SERVER_MOMENTUM =
            ConfigOptions.key("server-momentum")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription("fedavgm: momentum beta, in [0, 1).");

    public static final ConfigOption<Double> SERVER_BETA1 =
            ConfigOptions.key("server-beta1")
                    .doubleType()
                    .defaultValue(0.9)
                    .withDescription(
                            "fedadagrad, fedadam, fedyogi: decay beta1 of the first moment, in [0,"
                                    + " 1).");

    public static final ConfigOption<Double> SERVER_BETA2 =
            ConfigOptions.key("server-beta2")
                    .doubleType()
                    .defaultValue(0.99)
                    .withDescription(
                            "fedadam, fedyogi: decay beta2 of the second moment, in [0, 1).");

    public static final ConfigOption<Double> SERVER_TAU =
            ConfigOptions.key("server-tau")
                    .doubleType()
                    .defaultValue(1e-3)
                    .withDescription(
                            "fedadagrad, fedadam, fedyogi: adaptivity tau, > 0 (added to the root"
                                    + " of the second moment, which starts at tau^2).");
}
