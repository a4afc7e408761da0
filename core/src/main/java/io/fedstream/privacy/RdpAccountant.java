package io.fedstream.privacy;

import java.util.ArrayList;
import java.util.List;

/**
 * Rényi-DP accountant of the Poisson-subsampled Gaussian mechanism.
 *
 * <p>Per step, the RDP of order α of the sampled Gaussian mechanism with sampling rate q and noise
 * multiplier σ is {@code log(A_α) / (α - 1)}, with A_α computed as in Mironov, Talwar and Zhang
 * (2019), "Rényi Differential Privacy of the Sampled Gaussian Mechanism": a finite binomial sum for
 * integer α (Sec. 3.3, eq. 1) and the convergent two-sided series with erfc terms for fractional α
 * (Sec. 3.3, eq. 2), all in log space. Steps compose by adding RDP (Mironov 2017, "Rényi
 * Differential Privacy", Prop. 1). The conversion to (ε, δ) is the improved one of Balle, Barthe,
 * Gaboardi, Hsu and Sato (2020), "Hypothesis Testing Interpretations and Renyi Differential
 * Privacy", Thm. 21: ε = rdp_α − (log δ + log α)/(α − 1) + log((α − 1)/α), minimised over orders.
 *
 * <p>Stateless; the composed RDP of a run is kept in a {@link PrivacyLedger}.
 */
public final class RdpAccountant {
    /**
     * Orders 1.1 .. 10.9 by 0.1, 12 .. 63, 128, 256, 512 (the grid of Opacus and dp_accounting).
     */
    public static final double[] ORDERS = defaultOrders();

    private RdpAccountant() {}

    private static double[] defaultOrders() {
        List<Double> orders = new ArrayList<>();
        for (int i = 1; i < 100; i++) {
            orders.add(1 + i / 10.0);
        }
        for (int i = 12; i < 64; i++) {
            orders.add((double) i);
        }
        orders.add(128.0);
        orders.add(256.0);
        orders.add(512.0);
        return orders.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** RDP of one step at every order of {@link #ORDERS}. */
    public static double[] rdpPerStep(double q, double sigma) {
        double[] out = new double[ORDERS.length];
        for (int k = 0; k < ORDERS.length; k++) {
            out[k] = rdp(q, sigma, ORDERS[k]);
        }
        return out;
    }

    /** RDP of order {@code alpha} > 1 of one step of the sampled Gaussian mechanism. */
    public static double rdp(double q, double sigma, double alpha) {
        if (!(q > 0 && q <= 1) || !(sigma > 0) || !(alpha > 1)) {
            throw new IllegalArgumentException(
                    "q "
                            + q
                            + ", sigma "
                            + sigma
                            + ", alpha "
                            + alpha
                            + ": need 0 < q <= 1, sigma > 0, alpha > 1");
        }
        if (q == 1.0) {
            return alpha / (2 * sigma * sigma);
        }
        double logA =
                alpha == Math.rint(alpha)
                        ? logAInt(q, sigma, (int) alpha)
                        : logAFrac(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /** Smallest ε over the orders for composed RDP {@code rdp} (aligned with {@link #ORDERS}). */
    public static double epsilon(double[] rdp, double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta " + delta + " must be in (0, 1)");
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < ORDERS.length; k++) {
            double a = ORDERS[k];
            double eps = rdp[k] - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a);
            best = Math.min(best, eps);
        }
        return Math.max(0, best);
    }

    /** ε after {@code steps} steps at sampling rate q and noise multiplier σ. */
    public static double epsilon(double q, double sigma, long steps, double delta) {
        double[] rdp = rdpPerStep(q, sigma);
        for (int k = 0; k < rdp.length; k++) {
            rdp[k] *= steps;
        }
        return epsilon(rdp, delta);
    }

    private static double logAInt(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0;
        for (int i = 0; i <= alpha; i++) {
            if (i > 0) {
                logBinom += Math.log(alpha - i + 1) - Math.log(i);
            }
            double term =
                    logBinom
                            + i * Math.log(q)
                            + (alpha - i) * Math.log1p(-q)
                            + (i * (double) i - i) / (2 * sigma * sigma);
            logA = LogMath.add(logA, term);
        }
        return logA;
    }

    private static double logAFrac(double q, double sigma, double alpha) {
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logCoef = 0;
        int sign = 1;
        for (int i = 0; ; i++) {
            if (i > 0) {
                double factor =
                        (alpha - i + 1) / i; // generalized binomial coefficient, iteratively
                if (factor < 0) {
                    sign = -sign;
                }
                logCoef += Math.log(Math.abs(factor));
            }
            double j = alpha - i;
            double logT0 = logCoef + i * Math.log(q) + j * Math.log1p(-q);
            double logT1 = logCoef + j * Math.log(q) + i * Math.log1p(-q);
            double logE0 = Math.log(0.5) + LogMath.logErfc((i - z0) / (Math.sqrt(2) * sigma));
            double logE1 = Math.log(0.5) + LogMath.logErfc((z0 - j) / (Math.sqrt(2) * sigma));
            double logS0 = logT0 + (i * (double) i - i) / (2 * sigma * sigma) + logE0;
            double logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
            if (sign > 0) {
                logA0 = LogMath.add(logA0, logS0);
                logA1 = LogMath.add(logA1, logS1);
            } else {
                logA0 = LogMath.subtract(logA0, logS0);
                logA1 = LogMath.subtract(logA1, logS1);
            }
            // The series converges; stop once both new terms are below e^-30 of unity.
            if (Math.max(logS0, logS1) < -30) {
                break;
            }
        }
        return LogMath.add(logA0, logA1);
    }
}
