package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.Updates;

/**
 * FedAvg's weighted mean (McMahan et al., 2017, "Communication-Efficient Learning of Deep Networks
 * from Decentralized Data"): Σ_k w_k x_k / Σ_k w_k. Not robust: one update can move it anywhere
 * (breakdown point 0). It is the baseline the robust rules are measured against and the job's
 * default.
 *
 * <p>Requirement: n ≥ 1. Per coordinate, so trivially shardable by parameter range.
 */
public final class WeightedAverage implements RobustRule {

    @Override
    public String name() {
        return "fedavg";
    }

    @Override
    public int minUpdates() {
        return 1;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        int d = Updates.check(updates, weights);
        int n = updates.length;
        if (n < 1) {
            throw RoundTooSmallException.of(name(), "n >= 1", n, "f=0", 1);
        }
        double[] coef = new double[n];
        double total = 0;
        for (int k = 0; k < n; k++) {
            total += weights == null ? 1 : weights[k];
        }
        for (int k = 0; k < n; k++) {
            coef[k] = (weights == null ? 1 : weights[k]) / total;
        }
        return Updates.linearCombination(updates, null, coef, d);
    }

    @Override
    public String toString() {
        return name();
    }
}
