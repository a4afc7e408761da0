package io.fedstream.local;

import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.privacy.NoiseKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The demo's central-DP flags (a picocli mixin), named as the job options they set. Central DP is
 * on when {@code --privacy-budget} is given; the job's other {@code dp-*} options are reachable
 * with {@code --job-option}. The hidden flags are the names these had before.
 */
public final class DemoPrivacyOptions {
    @Option(
            names = "--privacy-budget",
            paramLabel = "EPSILON",
            description =
                    "Turn on central DP-FedAvg with this epsilon budget (the job's --dp true"
                            + " --privacy-budget EPSILON): clients are Poisson-sampled with q ="
                            + " clients-per-round / num-clients and training stops before the"
                            + " budget is exceeded.")
    Double budget;

    @Option(
            names = "--dp-delta",
            defaultValue = "1e-5",
            description = "DP: delta of the guarantee (default ${DEFAULT-VALUE}).")
    double delta;

    // Defaults as initial values: see DemoFederationOptions.
    @Option(
            names = "--dp-clip",
            paramLabel = "C",
            description =
                    "DP: L2 clip norm of each update, initial value if adaptive (default"
                            + " ${DEFAULT-VALUE}).")
    double clip = 1.0;

    @Option(
            names = "--dp-adaptive-clip",
            arity = "0..1",
            paramLabel = "true|false",
            description =
                    "DP: adaptive clipping toward the median update norm (Andrew et al. 2021).")
    boolean adaptiveClip;

    @Option(
            names = "--dp-noise-multiplier",
            paramLabel = "Z",
            description =
                    "DP: noise multiplier z; by default the smallest z whose epsilon after"
                            + " --num-rounds fits --privacy-budget.")
    Double noiseMultiplier;

    @Option(names = "--dp-epsilon", hidden = true)
    void deprecatedEpsilon(double value) {
        budget = value;
    }

    @Option(names = "--clip", hidden = true)
    void deprecatedClip(double value) {
        clip = value;
    }

    @Option(names = "--adaptive-clip", hidden = true)
    void deprecatedAdaptiveClip(boolean value) {
        adaptiveClip = value;
    }

    @Option(names = "--noise-multiplier", hidden = true)
    void deprecatedNoiseMultiplier(double value) {
        noiseMultiplier = value;
    }

    /** Sets the DP job options if {@code --privacy-budget} is given. */
    void applyTo(Configuration c) {
        if (budget == null) {
            return;
        }
        c.set(PrivacyOptions.DP, true);
        c.set(PrivacyOptions.PRIVACY_BUDGET, budget);
        c.set(PrivacyOptions.DP_DELTA, delta);
        c.set(PrivacyOptions.DP_CLIP, clip);
        c.set(PrivacyOptions.DP_ADAPTIVE_CLIP, adaptiveClip);
        if (noiseMultiplier != null) {
            c.set(PrivacyOptions.DP_NOISE_MULTIPLIER, noiseMultiplier);
        }
        if (!c.contains(PrivacyOptions.DP_KEY_FILE)) {
            // A fresh noise key for this run, in a 0600 file the job reads where it draws noise.
            try {
                Path dir = Files.createTempDirectory("fedstream-dp-");
                c.set(
                        PrivacyOptions.DP_KEY_FILE,
                        NoiseKeys.create(dir.resolve("dp.key"), new SecureRandom()).toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the DP key file", e);
            }
        }
    }
}
