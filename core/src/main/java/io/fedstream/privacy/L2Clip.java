package io.fedstream.privacy;

/**
 * L2 clipping of a float vector to norm C, x ← x · min(1, C / ‖x‖), with the bound checked on the
 * floats that are actually released: the Gaussian mechanism's sensitivity argument (McMahan,
 * Ramage, Talwar and Zhang 2018, "Learning Differentially Private Recurrent Language Models") needs
 * ‖clip(x)‖ ≤ C for the stored values, not for the real-valued product.
 *
 * <p>Rounding each scaled coordinate to float can leave the norm a few ulps above C. The vector is
 * then shrunk by a factor 1 − 2⁻²² at a time: a float's ulp is at most 2⁻²³ of its magnitude, so
 * that step moves every normal coordinate strictly toward zero after rounding. If that does not
 * settle (only conceivable for vectors of subnormals against a clip below float resolution), the
 * vector is zeroed, which is a valid clipping too. Norms are accumulated in double, so float
 * vectors of any finite magnitude (up to {@link Float#MAX_VALUE} per coordinate) are handled
 * without overflow.
 */
public final class L2Clip {
    private static final double SHRINK = 1 - 0x1.0p-22;
    private static final int MAX_SHRINKS = 16;

    private L2Clip() {}

    /** Σ x_i², accumulated in double. */
    public static double sumOfSquares(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s;
    }

    /** ‖x‖₂ computed in double. */
    public static double norm(float[] x) {
        return Math.sqrt(sumOfSquares(x));
    }

    /**
     * Clips {@code x} in place so that {@link #norm}(x) ≤ {@code clip} and returns the factor
     * applied (1 if x was within the bound, 0 if it had to be zeroed).
     *
     * @throws IllegalArgumentException if {@code clip} is not finite and positive, or x holds NaN
     *     or an infinity (clipping those bounds nothing; such input must be rejected upstream)
     */
    public static double clipInPlace(float[] x, double clip) {
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("clip norm " + clip + ", expected finite and > 0");
        }
        double n = norm(x);
        if (Double.isNaN(n) || Double.isInfinite(n)) {
            throw new IllegalArgumentException(
                    "vector norm " + n + " vs clip " + clip + ": expected finite coordinates");
        }
        if (n <= clip) {
            return 1;
        }
        double applied = clip / n;
        scale(x, applied);
        for (int i = 0; norm(x) > clip; i++) {
            if (i == MAX_SHRINKS) {
                java.util.Arrays.fill(x, 0f);
                return 0;
            }
            scale(x, SHRINK);
            applied *= SHRINK;
        }
        return applied;
    }

    /** A clipped copy of {@code x}; {@code x} is unchanged. */
    public static float[] clipped(float[] x, double clip) {
        float[] out = x.clone();
        clipInPlace(out, clip);
        return out;
    }

    private static void scale(float[] x, double factor) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * factor);
        }
    }
}
