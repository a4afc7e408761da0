package io.fedstream.edge.data;

import java.util.Random;

/**
 * Gamma and Dirichlet variates from a caller-supplied {@link Random}.
 *
 * <p>Gamma(α, 1) by Marsaglia and Tsang, "A Simple Method for Generating Gamma Variables", ACM TOMS
 * 26(3), 2000: squeeze-accepted cubes of a shifted normal for α ≥ 1, and for α &lt; 1 the boost
 * {@code Gamma(α) = Gamma(α + 1) · U^(1/α)} from the same paper.
 */
public final class GammaSampler {
    private GammaSampler() {}

    /** One Gamma(α, 1) variate: mean α, variance α. */
    public static double gamma(double alpha, Random rng) {
        return Math.exp(logGamma(alpha, rng));
    }

    /**
     * The logarithm of one Gamma(α, 1) variate. For small α the variate itself underflows to 0 in
     * double precision (U^(1/α) with α = 0.001), its logarithm does not.
     */
    public static double logGamma(double alpha, Random rng) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException(
                    "gamma shape " + alpha + ": expected 0 < alpha < inf");
        }
        if (alpha < 1) {
            double u = 1.0 - rng.nextDouble(); // (0, 1], so log(u) is finite
            return Math.log(marsagliaTsang(alpha + 1, rng)) + Math.log(u) / alpha;
        }
        return Math.log(marsagliaTsang(alpha, rng));
    }

    /**
     * One draw from the symmetric Dirichlet(α, …, α) over {@code k} categories: normalised Gamma
     * variates, normalised in log space so that tiny α gives one-hot-like vectors instead of 0/0.
     */
    public static double[] dirichlet(double alpha, int k, Random rng) {
        if (k < 1) {
            throw new IllegalArgumentException("dirichlet categories " + k + ": expected >= 1");
        }
        double[] logs = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logs[i] = logGamma(alpha, rng);
            max = Math.max(max, logs[i]);
        }
        double sum = 0;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logs[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double marsagliaTsang(double alpha, Random rng) {
        double d = alpha - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        double x;
        double v;
        double u;
        do {
            do {
                x = rng.nextGaussian();
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            u = rng.nextDouble();
        } while (!accepts(x, v, u, d));
        return d * v;
    }

    /** The squeeze test first (cheap, accepts most draws), then the exact log test. */
    private static boolean accepts(double x, double v, double u, double d) {
        double x2 = x * x;
        return u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v));
    }
}
