package io.fedstream.job.privacy;

/**
 * The DP-FedAvg release of one parameter range: (clipped sum + N(0, std²)) / expected clients, with
 * the noise of each coordinate drawn from the keyed generator (see {@link DpPlan}) on the stream of
 * the round's membership ({@link Membership}).
 */
public final class DpRelease {
    private DpRelease() {}

    /**
     * @param clippedSum sum of the clipped updates over coordinates [from, from + length); not
     *     modified
     * @param std noise std on the sum (z_Δ · C)
     */
    public static float[] release(
            double[] clippedSum,
            long from,
            double std,
            double expectedClients,
            KeyedGaussianNoise noise,
            String model,
            long round,
            String membershipDigest) {
        double[] noisy = clippedSum.clone();
        noise.addNoise(
                model, round, Membership.stream("update", membershipDigest), from, std, noisy);
        float[] out = new float[noisy.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (noisy[i] / expectedClients);
        }
        return out;
    }

    /**
     * The same Gaussian noise DP-FedAvg adds to its mean, added to a robust rule's output {@code
     * aggregate} of the range (scaled by the expected clients to stand for a sum). The formal
     * guarantee holds for FedAvg only: a rule's sensitivity is not C / expected clients.
     */
    public static float[] releaseRuleOutput(
            float[] aggregate,
            long from,
            double std,
            double expectedClients,
            KeyedGaussianNoise noise,
            String model,
            long round,
            String membershipDigest) {
        double[] scaled = new double[aggregate.length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = (double) aggregate[i] * expectedClients;
        }
        return release(scaled, from, std, expectedClients, noise, model, round, membershipDigest);
    }

    /** The factor min(1, C / ‖x‖) that clips {@code x} to L2 norm {@code clip}. */
    public static double clipFactor(float[] x, double clip) {
        double norm = l2(x);
        return norm <= clip ? 1.0 : clip / norm;
    }

    public static double l2(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
