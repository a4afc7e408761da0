package io.fedstream.privacy;

/**
 * The standard normal CDF by Simpson integration of the density: independent of the erfc
 * approximation the code under test uses. Absolute error below 1e-12 for every x. Shared with other
 * modules' tests through this module's test jar.
 */
public final class ReferenceNormal {
    private ReferenceNormal() {}

    /** Φ(x). */
    public static double cdf(double x) {
        if (x > 0) {
            return 1 - cdf(-x);
        }
        // Φ(x) = ∫_{-x}^{∞} φ(t) dt for x <= 0; the tail beyond -x + 12 is below 1e-32.
        return simpson(-x, -x + 12, 2_400);
    }

    private static double simpson(double a, double b, int n) {
        double h = (b - a) / n;
        double s = density(a) + density(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * density(a + i * h);
        }
        return s * h / 3;
    }

    private static double density(double t) {
        return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    }
}
