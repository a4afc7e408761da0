package io.fedstream.job.privacy;

import io.fedstream.privacy.RdpAccountant;

/**
 * The privacy spent by a training run so far: composed RDP per order of {@link
 * RdpAccountant#ORDERS} and the number of steps. A plain value kept in the job's keyed,
 * checkpointed state, so a restored job continues the same account.
 */
public class PrivacyLedger {
    public double[] rdp = new double[RdpAccountant.ORDERS.length];
    public long steps;

    public PrivacyLedger() {}

    /** ε spent so far at {@code delta}. */
    public double epsilon(double delta) {
        return steps == 0 ? 0 : RdpAccountant.epsilon(rdp, delta);
    }

    /** ε after one more step with {@code perStep} RDP, without recording it. */
    public double epsilonAfterStep(double[] perStep, double delta) {
        double[] next = new double[rdp.length];
        for (int k = 0; k < rdp.length; k++) {
            next[k] = rdp[k] + perStep[k];
        }
        return RdpAccountant.epsilon(next, delta);
    }

    /** Records one step. */
    public void addStep(double[] perStep) {
        for (int k = 0; k < rdp.length; k++) {
            rdp[k] += perStep[k];
        }
        steps++;
    }
}
