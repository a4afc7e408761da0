package io.fedstream.job.optimizer;

/**
 * FedYogi (Reddi et al. 2021, Algorithm 2, after Zaheer et al. 2018's Yogi): {@code v_t = v_{t-1} -
 * (1 - beta2) * delta_t^2 * sign(v_{t-1} - delta_t^2)}. v moves towards delta^2 by a step
 * proportional to delta^2 rather than to v, so it grows or shrinks more slowly than Adam's when the
 * deltas change scale. sign(0) = 0. See {@link AdaptiveOptimizer}.
 */
public final class FedYogiOptimizer extends AdaptiveOptimizer {
    private final double beta2;

    /**
     * @param beta2 decay of the second moment, in [0, 1); the others: {@link
     *     AdaptiveOptimizer#AdaptiveOptimizer(double, double, double)}
     */
    public FedYogiOptimizer(double eta, double beta1, double beta2, double tau) {
        super(eta, beta1, tau);
        this.beta2 = Checks.unitInterval("beta2", beta2);
    }

    @Override
    public String name() {
        return "fedyogi";
    }

    @Override
    protected double secondMoment(double previous, double deltaSquared) {
        return previous - (1 - beta2) * deltaSquared * Math.signum(previous - deltaSquared);
    }

    @Override
    public String toString() {
        return "fedyogi(eta="
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
