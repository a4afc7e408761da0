package io.fedstream.edge.cli;

import io.fedstream.edge.privacy.LocalDpSettings;
import picocli.CommandLine.Option;

/**
 * The local-DP flags, shared by the edge CLI and {@code ./fedstream demo} (a picocli mixin). Local
 * DP is on when {@code --local-dp-noise-multiplier} is given.
 */
public final class LocalDpOptions {
    public static final double DEFAULT_CLIP = 1.0;

    @Option(
            names = "--local-dp-noise-multiplier",
            paramLabel = "Z",
            description =
                    "Local DP on the device: clip each update to --local-dp-clip and add Gaussian"
                            + " noise of std Z * clip per coordinate before sending.")
    Double noiseMultiplier;

    @Option(
            names = "--local-dp-clip",
            paramLabel = "C",
            description = "Local DP: L2 clip norm of each update (default " + DEFAULT_CLIP + ").")
    Double clip;

    @Option(
            names = "--local-dp-delta",
            defaultValue = "1e-5",
            description =
                    "Local DP: delta at which epsilon is reported (default ${DEFAULT-VALUE}).")
    double delta;

    @Option(
            names = "--local-dp-epsilon",
            paramLabel = "EPS",
            description =
                    "Local DP: per-client budget; a client sends no update that would take its"
                            + " epsilon above EPS (default: no limit, epsilon still reported).")
    Double epsilon;

    /**
     * The settings, or null when local DP is off.
     *
     * @param seededNoise noise from the client's seed (simulations) instead of SecureRandom
     * @throws IllegalArgumentException naming the flag when one is set without the noise multiplier
     *     or a value is invalid
     */
    public LocalDpSettings toSettings(boolean seededNoise) {
        if (noiseMultiplier == null) {
            if (clip != null || epsilon != null) {
                throw new IllegalArgumentException(
                        (clip != null ? "--local-dp-clip" : "--local-dp-epsilon")
                                + " needs --local-dp-noise-multiplier");
            }
            return null;
        }
        return new LocalDpSettings(
                clip == null ? DEFAULT_CLIP : clip, noiseMultiplier, delta, epsilon, seededNoise);
    }
}
