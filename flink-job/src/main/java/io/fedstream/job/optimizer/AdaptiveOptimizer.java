package io.fedstream.job.optimizer;

import java.util.Arrays;

/**
 * The adaptive server optimizers of Reddi et al. 2021, "Adaptive Federated Optimization", Algorithm
 * 2 (FedAdagrad, FedYogi, FedAdam), which differ only in the second moment:
 *
 * <pre>
 *   m_t     = beta1 * m_{t-1} + (1 - beta1) * delta_t
 *   v_t     = secondMoment(v_{t-1}, delta_t^2)          (per subclass)
 *   x_{t+1} = x_t + eta * m_t / (sqrt(v_t) + tau)
 * </pre>
 *
 * coordinate-wise, with m_{-1} = 0 and v_{-1} = tau^2 (the algorithm asks v_{-1} >= tau^2; we take
 * the smallest). As in the paper there is no bias correction of m or v. Moments are kept in double.
 */
public abstract class AdaptiveOptimizer implements ServerOptimizer {
    protected final double eta;
    protected final double beta1;
    protected final double tau;

    /**
     * @param eta server learning rate, finite and > 0
     * @param beta1 decay of the first moment, in [0, 1)
     * @param tau adaptivity (degree of adaptivity in the paper), finite and > 0
     */
    protected AdaptiveOptimizer(double eta, double beta1, double tau) {
        this.eta = Checks.positive("eta", eta);
        this.beta1 = Checks.unitInterval("beta1", beta1);
        this.tau = Checks.positive("tau", tau);
    }

    /** v_t of one coordinate from v_{t-1} and the squared delta. */
    protected abstract double secondMoment(double previous, double deltaSquared);

    @Override
    public final boolean stateful() {
        return true;
    }

    @Override
    public final ServerOptimizerState initialState(int dimension) {
        double[] v = new double[dimension];
        Arrays.fill(v, tau * tau);
        return new ServerOptimizerState(name(), new double[dimension], v);
    }

    @Override
    public final float[] step(float[] delta, ServerOptimizerState state) {
        Checks.state(this, state, delta.length);
        double[] m = state.m;
        double[] v = state.v;
        float[] s = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            double d = delta[i];
            m[i] = beta1 * m[i] + (1 - beta1) * d;
            v[i] = secondMoment(v[i], d * d);
            s[i] = (float) (eta * m[i] / (Math.sqrt(v[i]) + tau));
        }
        state.steps++;
        return s;
    }
}
