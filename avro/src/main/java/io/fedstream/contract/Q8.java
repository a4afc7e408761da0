package io.fedstream.contract;

import java.util.random.RandomGenerator;

/**
 * Unbiased stochastic 8-bit quantization with one float32 scale per block of {@value #BLOCK}
 * values, QSGD-style (Alistarh et al. 2017, "QSGD: Communication-Efficient SGD via Gradient
 * Quantization and Encoding", with s = 127 levels and the max-norm of the block as scale).
 *
 * <p>For a block with scale {@code m = max|x_i|} and step {@code h = m / 127}: {@code x_i / h} lies
 * between the integers {@code l} and {@code l + 1}; the code is {@code l + 1} with probability
 * {@code x_i / h - l}, else {@code l} (sign kept). So {@code E[q_i h] = x_i} (unbiased) and {@code
 * Var[q_i h] = h^2 p (1 - p) <= h^2 / 4 = m^2 / 64516} per coordinate, at most {@code BLOCK * m^2 /
 * 64516} per block; codes stay in [-127, 127].
 */
public final class Q8 {
    /** Values per scale. */
    public static final int BLOCK = 256;

    static final double LEVELS = 127.0;

    private Q8() {}

    /** Codes and per-block scales of quantized values. */
    public record Quantized(float[] scales, byte[] codes) {}

    public static int blocks(int n) {
        return (int) ((n + (long) BLOCK - 1) / BLOCK); // n + 255 overflows an int near 2^31
    }

    /** Quantizes {@code x} with randomness from {@code rng}; values must be finite. */
    public static Quantized quantize(float[] x, RandomGenerator rng) {
        float[] scales = new float[blocks(x.length)];
        byte[] codes = new byte[x.length];
        for (int b = 0; b < scales.length; b++) {
            int from = b * BLOCK;
            int to = Math.min(x.length, from + BLOCK);
            float m = 0;
            for (int i = from; i < to; i++) {
                m = Math.max(m, Math.abs(x[i]));
            }
            scales[b] = m;
            if (m == 0) {
                continue;
            }
            double perLevel = LEVELS / m;
            for (int i = from; i < to; i++) {
                double r = Math.min(LEVELS, Math.abs(x[i]) * perLevel);
                int low = (int) r;
                int q = rng.nextDouble() < r - low ? low + 1 : low;
                codes[i] = (byte) (x[i] < 0 ? -q : q);
            }
        }
        return new Quantized(scales, codes);
    }

    /** The value code {@code q} stands for in a block of scale {@code m}: {@code q * m / 127}. */
    public static float value(byte q, float m) {
        return (float) (q * (double) m / LEVELS);
    }

    /** The values the codes stand for; the same arithmetic as every decoder. */
    public static float[] dequantize(Quantized q) {
        float[] out = new float[q.codes().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(q.codes()[i], q.scales()[i / BLOCK]);
        }
        return out;
    }
}
