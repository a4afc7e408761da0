package io.fedstream.edge.cli;

import io.fedstream.edge.compress.CompressionMode;
import picocli.CommandLine.Option;

/**
 * The uplink compression flags, shared by the edge CLI and {@code ./fedstream demo} (a picocli
 * mixin).
 */
public final class CompressionOptions {
    @Option(
            names = "--compression",
            defaultValue = "none",
            paramLabel = "none|topk|q8|topk+q8",
            description =
                    "Update encoding: dense, top-k with error feedback, unbiased 8-bit, or both"
                            + " (default ${DEFAULT-VALUE}).")
    String compression = "none";

    @Option(
            names = "--compression-ratio",
            defaultValue = "0.1",
            description =
                    "Fraction of coordinates top-k keeps, k = ceil(ratio * d) (default ${DEFAULT-VALUE}).")
    double ratio = 0.1;

    /**
     * @throws IllegalArgumentException naming the flag when the mode is unknown
     */
    public CompressionMode mode() {
        try {
            return CompressionMode.parse(compression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--compression: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the flag when the ratio is outside (0, 1]
     */
    public double ratio() {
        if (!(ratio > 0) || ratio > 1) {
            throw new IllegalArgumentException(
                    "--compression-ratio " + ratio + ": expected in (0, 1]");
        }
        return ratio;
    }
}
