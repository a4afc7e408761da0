package io.fedstream.job.optimizer;

/**
 * FedAvg with server momentum (FedAvgM; Hsu, Qi and Brown 2019, "Measuring the Effects of
 * Non-Identical Data Distribution for Federated Visual Classification"): heavy-ball momentum on the
 * pseudo-gradient, {@code m = beta * m + delta; x += eta * m}, with m starting at 0.
 *
 * <p>Convention: this is Hsu et al.'s form (v = beta v + delta, w = w - v, there with eta = 1 and
 * the delta's sign flipped) and that of SGD with momentum as ServerOpt in Reddi et al. 2021,
 * without the (1 - beta) dampening that Reddi et al.'s Algorithm 2 puts on the adaptive optimizers'
 * m_t. On a constant delta the step therefore grows to {@code eta / (1 - beta) * delta}; Hsu et al.
 * call eta / (1 - beta) the effective learning rate.
 */
public final class FedAvgMOptimizer implements ServerOptimizer {
    private final double eta;
    private final double beta;

    /**
     * @param eta server learning rate, finite and > 0
     * @param beta momentum, in [0, 1)
     */
    public FedAvgMOptimizer(double eta, double beta) {
        this.eta = Checks.positive("eta", eta);
        this.beta = Checks.unitInterval("beta", beta);
    }

    @Override
    public String name() {
        return "fedavgm";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public ServerOptimizerState initialState(int dimension) {
        return new ServerOptimizerState(name(), new double[dimension], null);
    }

    @Override
    public float[] step(float[] delta, ServerOptimizerState state) {
        Checks.state(this, state, delta.length);
        double[] m = state.m;
        float[] s = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            m[i] = beta * m[i] + delta[i];
            s[i] = (float) (eta * m[i]);
        }
        state.steps++;
        return s;
    }

    @Override
    public String toString() {
        return "fedavgm(eta=" + eta + ", beta=" + beta + ")";
    }
}
