package io.fedstream.job.config;

/**
 * The values of {@code --server-optimizer}: how the server applies a round's aggregated delta to
 * the global model (Reddi et al. 2021, "Adaptive Federated Optimization"; FedAvgM: Hsu et al.
 * 2019). A constant's {@link #toString()} is the value users type, matched case-insensitively.
 */
public enum Optimizer {
    FEDAVG("fedavg"),
    FEDAVGM("fedavgm"),
    FEDADAGRAD("fedadagrad"),
    FEDADAM("fedadam"),
    FEDYOGI("fedyogi");

    private final String value;

    Optimizer(String value) {
        this.value = value;
    }

    /**
     * The optimizer named {@code value} as users type it (case-insensitive).
     *
     * @throws IllegalArgumentException naming the key, the value and the accepted ones
     */
    public static Optimizer parse(String value) {
        return FlagEnums.parse(Optimizer.class, OptimizerOptions.SERVER_OPTIMIZER.key(), value);
    }

    /** Whether this is one of the adaptive optimizers of Reddi et al.'s Algorithm 2. */
    public boolean adaptive() {
        return this == FEDADAGRAD || this == FEDADAM || this == FEDYOGI;
    }

    @Override
    public String toString() {
        return value;
    }
}
