package io.fedstream.job.optimizer;

/**
 * FedAdam (Reddi et al. 2021, Algorithm 2): {@code v_t = beta2 * v_{t-1} + (1 - beta2) *
 * delta_t^2}, an exponential moving average of the squared delta. See {@link AdaptiveOptimizer}.
 */
public final class FedAdamOptimizer extends AdaptiveOptimizer {
    private final double beta2;

    /**
     * @param beta2 decay of the second moment, in [0, 1); the others: {@link
     *     AdaptiveOptimizer#AdaptiveOptimizer(double, double, double)}
     */
    public FedAdamOptimizer(double eta, double beta1, double beta2, double tau) {
        super(eta, beta1, tau);
        this.beta2 = Checks.unitInterval("beta2", beta2);
    }

    @Override
    public String name() {
        return "fedadam";
    }

    @Override
    protected double secondMoment(double previous, double deltaSquared) {
        return beta2 * previous + (1 - beta2) * deltaSquared;
    }

    @Override
    public String toString() {
        return "fedadam(eta="
                + eta
                + ", beta1="
                + beta1
                + ", beta2="
                + beta2
                + ", tau="
                + tau
                + ")";
    }
}
