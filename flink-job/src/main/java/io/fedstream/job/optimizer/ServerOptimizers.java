package io.fedstream.job.optimizer;

import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.OptimizerOptions;

/** The server optimizer the job options select ({@code --server-optimizer} and its parameters). */
public final class ServerOptimizers {
    private ServerOptimizers() {}

    /** The optimizer of {@code config}, with eta from {@link JobConfig#serverLearningRate()}. */
    public static ServerOptimizer of(JobConfig config) {
        double eta = config.serverLearningRate();
        double beta1 = config.get(OptimizerOptions.SERVER_BETA1);
        double beta2 = config.get(OptimizerOptions.SERVER_BETA2);
        double tau = config.get(OptimizerOptions.SERVER_TAU);
        return switch (config.get(OptimizerOptions.SERVER_OPTIMIZER)) {
            case FEDAVG -> new FedAvgOptimizer(eta);
            case FEDAVGM -> new FedAvgMOptimizer(eta, config.get(OptimizerOptions.SERVER_MOMENTUM));
            case FEDADAGRAD -> new FedAdagradOptimizer(eta, beta1, tau);
            case FEDADAM -> new FedAdamOptimizer(eta, beta1, beta2, tau);
            case FEDYOGI -> new FedYogiOptimizer(eta, beta1, beta2, tau);
        };
    }
}
