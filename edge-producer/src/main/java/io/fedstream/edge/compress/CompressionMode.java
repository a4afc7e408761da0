package io.fedstream.edge.compress;

import java.util.Locale;

/**
 * How an edge client encodes its update: {@code none}, {@code topk}, {@code q8}, {@code topk+q8}.
 */
public enum CompressionMode {
    /** DENSE_F32_LE, no residual. */
    NONE("none"),
    /** Top-k by magnitude with error feedback, SPARSE_F32. */
    TOPK("topk"),
    /** Unbiased stochastic 8-bit quantization of every coordinate, DENSE_Q8, no residual. */
    Q8("q8"),
    /** Top-k with error feedback, kept values quantized, SPARSE_Q8. */
    TOPK_Q8("topk+q8");

    private final String label;

    CompressionMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean sparse() {
        return this == TOPK || this == TOPK_Q8;
    }

    /** Parses a label ({@code none|topk|q8|topk+q8}), case-insensitive. */
    public static CompressionMode parse(String s) {
        for (CompressionMode m : values()) {
            if (m.label.equals(s.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("compression '" + s + "' vs none, topk, q8, topk+q8");
    }

    @Override
    public String toString() {
        return label;
    }
}
