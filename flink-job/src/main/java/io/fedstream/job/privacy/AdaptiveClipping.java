package io.fedstream.job.privacy;

/**
 * Adaptive quantile clipping of Andrew, Thakkar, McMahan and Ramaswamy (2021), "Differentially
 * Private Learning with Adaptive Clipping": after each round the clip norm moves geometrically
 * toward the γ-quantile of the update norms, C ← C · exp(−η (b̃ − γ)), where b̃ is the noisy
 * fraction of participants whose norm was at most C, released with centred bits so that its
 * sensitivity is ½: b̃ = (Σ (b_i − ½) + N(0, σ_b²)) / expected clients + ½ (see {@link
 * #noisyFraction}).
 *
 * <p>The clipped-count release costs privacy too. Andrew et al. (Thm. 1) account the pair of
 * releases as one Gaussian mechanism with multiplier z when the update itself uses z_Δ = (z^-2 −
 * (2σ_b)^-2)^(-1/2); {@link #updateNoiseMultiplier} computes z_Δ.
 */
public final class AdaptiveClipping {
    private AdaptiveClipping() {}

    /**
     * The released fraction of unclipped updates. Centring each bit at ½ halves the sensitivity of
     * the sum, which is what the (2σ_b)^-2 term of {@link #updateNoiseMultiplier} assumes; the
     * uncentred count would have sensitivity 1 and understate the privacy cost.
     */
    public static double noisyFraction(
            int unclipped, int participants, double noise, double expectedClients) {
        return (unclipped - 0.5 * participants + noise) / expectedClients + 0.5;
    }

    /** The next clip norm. */
    public static double nextClip(
            double clip, double noisyFraction, double targetQuantile, double learningRate) {
        return clip * Math.exp(-learningRate * (noisyFraction - targetQuantile));
    }

    /**
     * The noise multiplier of the update when the clipped counts get noise σ_b and both releases
     * together must equal one Gaussian mechanism with multiplier z.
     */
    public static double updateNoiseMultiplier(double z, double countStd) {
        double rest = Math.pow(z, -2) - Math.pow(2 * countStd, -2);
        if (!(rest > 0)) {
            throw new IllegalArgumentException(
                    "clipped-count noise "
                            + countStd
                            + " is too small for noise multiplier "
                            + z
                            + ": need count noise > z/2 = "
                            + z / 2);
        }
        return Math.pow(rest, -0.5);
    }
}
