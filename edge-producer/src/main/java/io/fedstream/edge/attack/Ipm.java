package io.fedstream.edge.attack;

import java.util.List;

/**
 * Inner-product manipulation (Xie, Koyejo and Gupta, "Fall of Empires", UAI 2019): every Byzantine
 * client sends −ε · mean(honest updates), so that the aggregate's inner product with the true
 * descent direction turns negative once ε·f exceeds the honest share.
 */
public final class Ipm {
    private Ipm() {}

    /** −ε · mean of {@code honest}. */
    public static float[] attack(List<float[]> honest, double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(
                    "epsilon " + epsilon + " vs expected 0 < epsilon < inf");
        }
        double[] mean = UpdateStats.mean(honest);
        for (int i = 0; i < mean.length; i++) {
            mean[i] *= -epsilon;
        }
        return UpdateStats.toFloats(mean);
    }
}
