package io.fedstream.edge.attack;

import java.util.List;

/**
 * "A Little Is Enough" (Baruch, Baruch and Goldberg, NeurIPS 2019): every Byzantine client sends μ
 * − z·σ, where μ and σ are the coordinate-wise mean and standard deviation of the honest updates
 * and z is the largest shift that still leaves the malicious value closer to the mean than enough
 * honest values for a majority-based rule to pick it.
 *
 * <p>z from n (clients in the round) and f (Byzantine among them): s = ⌊n/2 + 1⌋ − f honest clients
 * must be "further" than the attackers; z = Φ⁻¹((n − s) / n).
 */
public final class Alie {
    private Alie() {}

    /**
     * z(n, f) = Φ⁻¹((n − s)/n) with s = ⌊n/2 + 1⌋ − f; for n = 10, f = 2: s = 4, z = Φ⁻¹(0.6) ≈
     * 0.2533.
     *
     * @throws IllegalArgumentException unless 0 &lt; (n − s)/n &lt; 1 (e.g. f = 0, or f ≥ n/2 + 1)
     */
    public static double z(int n, int f) {
        if (n < 1 || f < 0 || f > n) {
            throw new IllegalArgumentException("n " + n + ", f " + f + ": expected 0 <= f <= n");
        }
        int s = n / 2 + 1 - f;
        double p = (double) (n - s) / n;
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException(
                    "n "
                            + n
                            + ", f "
                            + f
                            + ": s = floor(n/2 + 1) - f = "
                            + s
                            + " gives (n - s)/n = "
                            + p
                            + ", outside (0, 1)");
        }
        return NormalQuantile.inverseCdf(p);
    }

    /** μ − z·σ of {@code honest}. */
    public static float[] attack(List<float[]> honest, double z) {
        double[] mean = UpdateStats.mean(honest);
        double[] std = UpdateStats.std(honest, mean);
        double[] out = new double[mean.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = mean[i] - z * std[i];
        }
        return UpdateStats.toFloats(out);
    }
}
