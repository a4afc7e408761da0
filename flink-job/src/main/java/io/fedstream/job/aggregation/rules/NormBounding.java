package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Norm bounding (Sun, Kairouz, Suresh and McMahan, 2019, "Can You Really Backdoor Federated
 * Learning?"): every update whose L2 norm exceeds M is scaled down to norm M, x ← x · M/‖x‖, before
 * any aggregation rule. It bounds what a single boosted update can do and composes with every rule:
 * {@code new NormBounding(m).then(rule)}.
 *
 * <p>Per update and needs no minimum round size. Inputs are not modified: updates within the bound
 * are passed through, the others are copied and scaled.
 */
public final class NormBounding {
    private final double bound;

    /**
     * @param bound the largest allowed L2 norm M &gt; 0
     */
    public NormBounding(double bound) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("norm bound " + bound + " must be finite and > 0");
        }
        this.bound = bound;
    }

    public double bound() {
        return bound;
    }

    /** The updates with every norm at most M (a new outer array; rows copied only if scaled). */
    public float[][] apply(float[][] updates) {
        Updates.check(updates, null);
        float[][] out = new float[updates.length][];
        for (int k = 0; k < updates.length; k++) {
            float[] x = updates[k];
            double norm = Math.sqrt(Updates.squaredDistance(x, null));
            if (norm <= bound) {
                out[k] = x;
            } else {
                double s = bound / norm;
                float[] y = new float[x.length];
                for (int c = 0; c < x.length; c++) {
                    y[c] = (float) (x[c] * s);
                }
                out[k] = y;
            }
        }
        return out;
    }

    /** {@code rule} applied to the bounded updates. */
    public RobustRule then(RobustRule rule) {
        return new Bounded(this, rule);
    }

    @Override
    public String toString() {
        return "norm-bound(M=" + bound + ")";
    }

    private static final class Bounded implements RobustRule {
        private final NormBounding bounding;
        private final RobustRule rule;

        Bounded(NormBounding bounding, RobustRule rule) {
            this.bounding = bounding;
            this.rule = rule;
        }

        @Override
        public String name() {
            return "norm-bound+" + rule.name();
        }

        @Override
        public int minUpdates() {
            return rule.minUpdates();
        }

        @Override
        public float[] aggregate(float[][] updates, double[] weights) {
            return rule.aggregate(bounding.apply(updates), weights);
        }

        @Override
        public float[] aggregate(float[][] updates, double[] weights, float[] previous) {
            return rule.aggregate(bounding.apply(updates), weights, previous);
        }

        @Override
        public String toString() {
            return bounding + " then " + rule;
        }
    }
}
