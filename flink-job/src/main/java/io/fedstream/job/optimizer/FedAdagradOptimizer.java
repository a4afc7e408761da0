package io.fedstream.job.optimizer;

/**
 * FedAdagrad (Reddi et al. 2021, Algorithm 2): {@code v_t = v_{t-1} + delta_t^2}. The second moment
 * only grows, so the step shrinks over the rounds. See {@link AdaptiveOptimizer}.
 */
public final class FedAdagradOptimizer extends AdaptiveOptimizer {

    /** See {@link AdaptiveOptimizer#AdaptiveOptimizer(double, double, double)}. */
    public FedAdagradOptimizer(double eta, double beta1, double tau) {
        super(eta, beta1, tau);
    }

    @Override
    public String name() {
        return "fedadagrad";
    }

    @Override
    protected double secondMoment(double previous, double deltaSquared) {
        return previous + deltaSquared;
    }

    @Override
    public String toString() {
        return "fedadagrad(eta=" + eta + ", beta1=" + beta1 + ", tau=" + tau + ")";
    }
}
