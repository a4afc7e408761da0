package io.fedstream.job.optimizer;

/**
 * What a server optimizer carries from one round to the next for one model: the first moment m
 * (momentum) and the second moment v, one entry per parameter, and the steps taken. A public POJO
 * (public fields, no-argument constructor) so that Flink's type extractor serializes it field by
 * field in keyed state; arrays an optimizer does not use stay null.
 */
public class ServerOptimizerState {
    /** The {@link ServerOptimizer#name()} that created this state. */
    public String optimizer;

    /** Rounds applied so far. */
    public long steps;

    /** First moment: FedAvgM's momentum, or the adaptive optimizers' m_t; null if unused. */
    public double[] m;

    /** Second moment v_t of the adaptive optimizers; null if unused. */
    public double[] v;

    public ServerOptimizerState() {}

    ServerOptimizerState(String optimizer, double[] m, double[] v) {
        this.optimizer = optimizer;
        this.m = m;
        this.v = v;
    }

    /** A deep copy: stepping it leaves this state as it was. */
    public ServerOptimizerState copy() {
        ServerOptimizerState c =
                new ServerOptimizerState(
                        optimizer, m == null ? null : m.clone(), v == null ? null : v.clone());
        c.steps = steps;
        return c;
    }
}
