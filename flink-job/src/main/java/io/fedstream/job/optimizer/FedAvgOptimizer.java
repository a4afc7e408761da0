package io.fedstream.job.optimizer;

/**
 * FedAvg's server step with a server learning rate: {@code x += eta * delta} (Reddi et al. 2021,
 * Algorithm 1 with SGD as ServerOpt; McMahan et al. 2017 is eta = 1). Stateless. With eta = 1 the
 * step is the delta itself, bit for bit, so the model is exactly {@code x[i] + delta[i]}.
 */
public final class FedAvgOptimizer implements ServerOptimizer {
    private final double eta;

    /**
     * @param eta server learning rate, finite and > 0
     */
    public FedAvgOptimizer(double eta) {
        this.eta = Checks.positive("eta", eta);
    }

    @Override
    public String name() {
        return "fedavg";
    }

    @Override
    public boolean stateful() {
        return false;
    }

    @Override
    public ServerOptimizerState initialState(int dimension) {
        return new ServerOptimizerState(name(), null, null);
    }

    @Override
    public float[] step(float[] delta, ServerOptimizerState state) {
        if (eta == 1.0) {
            return delta.clone();
        }
        float[] s = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            s[i] = (float) (eta * delta[i]);
        }
        return s;
    }

    @Override
    public String toString() {
        return "fedavg(eta=" + eta + ")";
    }
}
