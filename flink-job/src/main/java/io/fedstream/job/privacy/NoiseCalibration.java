package io.fedstream.job.privacy;

import io.fedstream.privacy.RdpAccountant;

/**
 * Finds the noise multiplier for a privacy budget: the smallest σ with ε(q, σ, steps, δ) ≤ target,
 * by bisection on σ (ε is decreasing in σ).
 */
public final class NoiseCalibration {
    private NoiseCalibration() {}

    public static double noiseMultiplier(double targetEpsilon, double delta, double q, long steps) {
        if (!(targetEpsilon > 0) || steps < 1) {
            throw new IllegalArgumentException(
                    "target epsilon " + targetEpsilon + " and steps " + steps + " must be > 0");
        }
        double lo = 0.05;
        double hi = 1.0;
        while (RdpAccountant.epsilon(q, hi, steps, delta) > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e4) {
                throw new IllegalArgumentException(
                        "no noise multiplier up to 1e4 reaches epsilon "
                                + targetEpsilon
                                + " at delta "
                                + delta
                                + ", q "
                                + q
                                + ", "
                                + steps
                                + " steps");
            }
        }
        if (RdpAccountant.epsilon(q, lo, steps, delta) <= targetEpsilon) {
            return lo;
        }
        while (hi - lo > 1e-5 * hi) {
            double mid = 0.5 * (lo + hi);
            if (RdpAccountant.epsilon(q, mid, steps, delta) > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
