package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Centered clipping (Karimireddy, He and Jaggi, 2021, "Learning from History for Byzantine Robust
 * Optimization", ICML): starting from a centre v₀ (the previous aggregate, the server's momentum),
 * L times
 *
 * <pre>
 *   v ← v + (1/n) Σ_i (x_i − v) · min(1, τ / ‖x_i − v‖)
 * </pre>
 *
 * so no update moves the result by more than τ/n per iteration. With τ = ∞ one iteration gives the
 * plain mean whatever the centre. Unweighted, as in the paper. Each iteration costs two passes over
 * the updates.
 *
 * <p>Requirement: n ≥ 1; there is no hard minimum, but the paper's guarantee assumes the Byzantine
 * fraction δ = f/n is small (its analysis takes δ ≤ 0.1) and τ tuned to the honest spread. Without
 * a previous aggregate the centre is 0, like the paper's momentum at the first step.
 */
public final class CenteredClipping implements RobustRule {
    private final double tau;
    private final int iterations;

    /**
     * @param tau clipping radius τ &gt; 0 ({@link Double#POSITIVE_INFINITY} disables clipping)
     * @param iterations L ≥ 1
     */
    public CenteredClipping(double tau, int iterations) {
        if (!(tau > 0) || iterations < 1) {
            throw new IllegalArgumentException(
                    "tau " + tau + " must be > 0 and iterations " + iterations + " >= 1");
        }
        this.tau = tau;
        this.iterations = iterations;
    }

    @Override
    public String name() {
        return "centered-clipping";
    }

    @Override
    public int minUpdates() {
        return 1;
    }

    /** Centred on 0 (no history). */
    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        return aggregate(updates, weights, null);
    }

    /** Centred on {@code previous}, or on 0 if it is null. */
    @Override
    public float[] aggregate(float[][] updates, double[] weights, float[] previous) {
        int d = Updates.check(updates, weights);
        int n = updates.length;
        if (n < 1) {
            throw RoundTooSmallException.of(name(), "n >= 1", n, "tau=" + tau, 1);
        }
        Updates.checkLength(previous, d, "previous aggregate");
        float[] v = previous == null ? new float[d] : previous.clone();
        double[] coef = new double[n];
        for (int l = 0; l < iterations; l++) {
            double kept = 0;
            for (int i = 0; i < n; i++) {
                double dist = Math.sqrt(Updates.squaredDistance(updates[i], v));
                double scale = dist <= tau ? 1.0 : tau / dist;
                coef[i] = scale / n;
                kept += coef[i];
            }
            // v + Σ c_i (x_i − v) = (1 − Σ c_i) v + Σ c_i x_i
            float[] next = Updates.linearCombination(updates, null, coef, d);
            double rest = 1 - kept;
            if (rest != 0) {
                for (int c = 0; c < d; c++) {
                    next[c] = (float) (next[c] + rest * v[c]);
                }
            }
            v = next;
        }
        return v;
    }

    @Override
    public String toString() {
        return name() + "(tau=" + tau + ", iterations=" + iterations + ")";
    }
}
