package io.fedstream.privacy;

/** Log-space arithmetic for the accountant. */
public final class LogMath {
    private LogMath() {}

    /** log(e^a + e^b). */
    public static double add(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    /** log(e^a - e^b), for a >= b. */
    public static double subtract(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        if (a < b) {
            throw new ArithmeticException("log-subtract of a larger value: " + a + " < " + b);
        }
        if (a == b) {
            return Double.NEGATIVE_INFINITY;
        }
        return a + Math.log1p(-Math.exp(b - a));
    }

    /**
     * log(erfc(x)). Uses the Chebyshev-fitted form of Press et al., Numerical Recipes (2nd ed.,
     * sec. 6.2, erfcc): erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), fractional error below 1.2e-7
     * for every z ≥ 0; written as t·exp(...) it stays accurate in log space for large z, where erfc
     * itself underflows.
     */
    public static double logErfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double p =
                -z * z
                        - 1.26551223
                        + t
                                * (1.00002368
                                        + t
                                                * (0.37409196
                                                        + t
                                                                * (0.09678418
                                                                        + t
                                                                                * (-0.18628806
                                                                                        + t
                                                                                                * (0.27886807
                                                                                                        + t
                                                                                                                * (-1.13520398
                                                                                                                        + t
                                                                                                                                * (1.48851587
                                                                                                                                        + t
                                                                                                                                                * (-0.82215223
                                                                                                                                                        + t
                                                                                                                                                                * 0.17087277))))))));
        double logErfcAbs = Math.log(t) + p;
        return x >= 0 ? logErfcAbs : Math.log(2 - Math.exp(logErfcAbs));
    }
}
