package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Geometric median by the smoothed Weiszfeld algorithm of RFA (Pillutla, Kakade and Harchaoui,
 * 2022, "Robust Aggregation for Federated Learning", IEEE Transactions on Signal Processing): it
 * minimises Σ_i α_i ‖v − x_i‖ with α the normalised weights, by the iteration
 *
 * <pre>
 *   β_i = α_i / max(ν, ‖v − x_i‖),   v ← Σ_i β_i x_i / Σ_i β_i
 * </pre>
 *
 * starting from the weighted mean, and stops after {@code maxIterations} or when the objective
 * changes by at most {@code tolerance} times its value. ν &gt; 0 keeps a step finite when v sits on
 * an update. Weighted, as in the paper: each iteration costs two passes over the updates.
 *
 * <p>Requirement: the geometric median has breakdown point 1/2, so n ≥ 2f+1; a smaller round throws
 * {@link RoundTooSmallException}.
 */
public final class GeometricMedian implements RobustRule {
    /** RFA's smoothing ν. */
    public static final double DEFAULT_NU = 1e-6;

    /** A few Weiszfeld steps suffice in RFA's experiments; this leaves margin. */
    public static final int DEFAULT_MAX_ITERATIONS = 10;

    /** Relative change of the objective below which iteration stops. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    private final int f;
    private final double nu;
    private final int maxIterations;
    private final double tolerance;

    /** With RFA's defaults for ν, iterations and tolerance. */
    public GeometricMedian(int f) {
        this(f, DEFAULT_NU, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param nu smoothing ν &gt; 0
     * @param maxIterations Weiszfeld steps at most, ≥ 1
     * @param tolerance relative objective change that stops iteration, ≥ 0
     */
    public GeometricMedian(int f, double nu, int maxIterations, double tolerance) {
        if (f < 0 || !(nu > 0) || maxIterations < 1 || !(tolerance >= 0)) {
            throw new IllegalArgumentException(
                    "f "
                            + f
                            + " must be >= 0, nu "
                            + nu
                            + " > 0, maxIterations "
                            + maxIterations
                            + " >= 1, tolerance "
                            + tolerance
                            + " >= 0");
        }
        this.f = f;
        this.nu = nu;
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    @Override
    public String name() {
        return "geomed";
    }

    @Override
    public int minUpdates() {
        return 2 * f + 1;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        int d = Updates.check(updates, weights);
        int n = updates.length;
        if (n < minUpdates()) {
            throw RoundTooSmallException.of(name(), "n >= 2f+1", n, "f=" + f, minUpdates());
        }
        double[] alpha = weights == null ? Updates.uniform(n) : normalised(weights);
        float[] v = Updates.linearCombination(updates, null, alpha, d);
        double[] dist = distances(updates, v);
        double objective = objective(alpha, dist);
        double[] beta = new double[n];
        for (int t = 0; t < maxIterations; t++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                beta[i] = alpha[i] / Math.max(nu, dist[i]);
                total += beta[i];
            }
            for (int i = 0; i < n; i++) {
                beta[i] /= total;
            }
            v = Updates.linearCombination(updates, null, beta, d);
            dist = distances(updates, v);
            double next = objective(alpha, dist);
            boolean converged = Math.abs(objective - next) <= tolerance * next;
            objective = next;
            if (converged) {
                break;
            }
        }
        return v;
    }

    private static double[] normalised(double[] w) {
        double total = 0;
        for (double x : w) {
            total += x;
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / total;
        }
        return out;
    }

    private static double[] distances(float[][] x, float[] v) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.sqrt(Updates.squaredDistance(x[i], v));
        }
        return out;
    }

    private static double objective(double[] alpha, double[] dist) {
        double s = 0;
        for (int i = 0; i < dist.length; i++) {
            s += alpha[i] * dist[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return name()
                + "(f="
                + f
                + ", nu="
                + nu
                + ", maxIterations="
                + maxIterations
                + ", tolerance="
                + tolerance
                + ")";
    }
}
