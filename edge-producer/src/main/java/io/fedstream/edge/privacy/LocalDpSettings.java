package io.fedstream.edge.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of local differential privacy at an edge client: every update is clipped to L2 norm
 * {@code clip} and gets Gaussian noise of std {@code noiseMultiplier · clip} per coordinate before
 * it leaves the device.
 *
 * @param clip L2 norm bound C of each released update
 * @param noiseMultiplier z; the noise std is z·C
 * @param delta δ at which the client reports and limits its ε
 * @param epsilonBudget the client refuses a release that would take its ε above this; null for no
 *     limit (ε is still accounted and reported)
 * @param seededNoise false (the default for real devices): noise from {@link
 *     java.security.SecureRandom}; true: from a generator seeded by the client's seed, for
 *     reproducible simulations only (anyone who knows the seed can subtract the noise)
 */
public record LocalDpSettings(
        double clip,
        double noiseMultiplier,
        double delta,
        Double epsilonBudget,
        boolean seededNoise) {

    public static final double DEFAULT_DELTA = 1e-5;

    /**
     * @throws IllegalArgumentException naming every invalid value
     */
    public LocalDpSettings {
        List<String> problems = new ArrayList<>();
        if (!(clip > 0) || Double.isInfinite(clip)) {
            problems.add("local-dp clip " + clip + ", expected finite and > 0");
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            problems.add(
                    "local-dp noise multiplier " + noiseMultiplier + ", expected finite and > 0");
        }
        if (!(delta > 0 && delta < 1)) {
            problems.add("local-dp delta " + delta + ", expected in (0, 1)");
        }
        if (epsilonBudget != null && !(epsilonBudget > 0)) {
            problems.add("local-dp epsilon budget " + epsilonBudget + ", expected > 0");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "local DP: clip %s, noise multiplier %s, delta %s, epsilon budget %s, %s noise",
                clip,
                noiseMultiplier,
                delta,
                epsilonBudget == null ? "none" : epsilonBudget,
                seededNoise ? "seeded (simulation)" : "SecureRandom");
    }
}
