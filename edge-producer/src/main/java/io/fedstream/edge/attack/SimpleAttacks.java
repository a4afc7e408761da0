package io.fedstream.edge.attack;

import java.util.random.RandomGenerator;

/** The attacks that transform one client's own update, without knowledge of others. */
public final class SimpleAttacks {
    private SimpleAttacks() {}

    /** −Δ. */
    public static float[] signFlip(float[] delta) {
        return scale(delta, -1);
    }

    /** k·Δ. */
    public static float[] scale(float[] delta, double k) {
        float[] out = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            out[i] = (float) (k * delta[i]);
        }
        return out;
    }

    /** Δ + N(0, σ²) independently per coordinate, drawn from {@code rng}. */
    public static float[] addGaussian(float[] delta, double sigma, RandomGenerator rng) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma " + sigma + " vs expected 0 <= sigma < inf");
        }
        float[] out = new float[delta.length];
        for (int i = 0; i < delta.length; i++) {
            out[i] = (float) (delta[i] + sigma * rng.nextGaussian());
        }
        return out;
    }

    /** The free rider's update: zeros of the model's length. */
    public static float[] zero(int length) {
        return new float[length];
    }

    /** The label a label-flipping client trains on: C − 1 − y (for Fashion-MNIST, 9 − y). */
    public static int flipLabel(int label, int numClasses) {
        if (label < 0 || label >= numClasses) {
            throw new IllegalArgumentException(
                    "label " + label + " vs classes [0, " + numClasses + ")");
        }
        return numClasses - 1 - label;
    }
}
