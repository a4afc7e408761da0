package io.fedstream.edge.attack;

import java.util.List;

/**
 * The aggregation-rule-agnostic attacks of Shejwalkar and Houmansadr, "Manipulating the Byzantine:
 * Optimizing Model Poisoning Attacks and Defenses for Federated Learning" (NDSS 2021): the
 * malicious update is m = μ + γ·p (μ the honest mean, p a {@link Perturbation}) with the largest γ
 * that keeps m inside the honest cloud:
 *
 * <ul>
 *   <li>min-max: max_i ‖m − g_i‖ ≤ max_{i,j} ‖g_i − g_j‖;
 *   <li>min-sum: Σ_i ‖m − g_i‖² ≤ max_i Σ_j ‖g_i − g_j‖².
 * </ul>
 *
 * <p>γ is found by the paper's halving search (Algorithm 1): start at γ₀, step ±γ₀/2, /4, … toward
 * the boundary, keep the last γ that satisfied the constraint, stop when the step is below τ. Both
 * constraints are convex in m, so along the ray μ + γ·p they hold on an interval [0, γ*] and the
 * search converges to γ* (capped near 2γ₀ if the whole range satisfies them).
 */
public final class AgrAgnostic {
    /** The paper's initial γ. */
    public static final double DEFAULT_GAMMA_INIT = 50.0;

    /** The paper's stopping threshold τ. */
    public static final double DEFAULT_TOLERANCE = 1e-5;

    private AgrAgnostic() {}

    /** The malicious update and the γ that produced it. */
    public record Result(float[] update, double gamma) {}

    /** Min-max with the paper's γ₀ and τ. */
    public static Result minMax(List<float[]> honest, Perturbation perturbation) {
        return search(honest, perturbation, false, DEFAULT_GAMMA_INIT, DEFAULT_TOLERANCE);
    }

    /** Min-sum with the paper's γ₀ and τ. */
    public static Result minSum(List<float[]> honest, Perturbation perturbation) {
        return search(honest, perturbation, true, DEFAULT_GAMMA_INIT, DEFAULT_TOLERANCE);
    }

    /**
     * The halving search for γ.
     *
     * @param sum true for min-sum, false for min-max
     */
    public static Result search(
            List<float[]> honest,
            Perturbation perturbation,
            boolean sum,
            double gammaInit,
            double tolerance) {
        int n = honest.size();
        int d = UpdateStats.dimension(honest);
        double[] mean = UpdateStats.mean(honest);
        double[] std = UpdateStats.std(honest, mean);
        double[] p = perturbation.direction(mean, std);

        // The bound: max pairwise distance (min-max) or max per-client sum of squared distances.
        double[][] pairwise = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = UpdateStats.squaredDistance(honest.get(i), honest.get(j));
                pairwise[i][j] = s;
                pairwise[j][i] = s;
            }
        }
        double bound = 0;
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < n; j++) {
                bound = sum ? bound : Math.max(bound, pairwise[i][j]);
                rowSum += pairwise[i][j];
            }
            if (sum) {
                bound = Math.max(bound, rowSum);
            }
        }

        double[] m = new double[d];
        double gamma = gammaInit;
        double step = gammaInit;
        double success = 0;
        while (Math.abs(success - gamma) > tolerance) {
            for (int i = 0; i < d; i++) {
                m[i] = mean[i] + gamma * p[i];
            }
            double cost = 0;
            for (float[] g : honest) {
                double dist = UpdateStats.squaredDistance(m, g);
                cost = sum ? cost + dist : Math.max(cost, dist);
            }
            if (cost <= bound) {
                success = gamma;
                gamma += step / 2;
            } else {
                gamma -= step / 2;
            }
            step /= 2;
        }
        for (int i = 0; i < d; i++) {
            m[i] = mean[i] + success * p[i];
        }
        return new Result(UpdateStats.toFloats(m), success);
    }
}
