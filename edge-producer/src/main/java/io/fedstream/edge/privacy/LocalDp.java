package io.fedstream.edge.privacy;

import io.fedstream.avro.LocalDpStatus;
import io.fedstream.privacy.L2Clip;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Local differential privacy of one edge client: clips each update to L2 norm C, adds N(0, (zC)²)
 * to every coordinate, and keeps the client's own account of ε over its releases (see {@link
 * LocalAccountant} for the neighbouring relation). A release that would take ε above the budget is
 * refused; nothing is released after that. Thread-safe: the training thread releases while the
 * heartbeat reads the status.
 *
 * <p>Only the count of releases is kept; neither the raw update nor the noise is stored.
 */
public final class LocalDp {
    private final LocalDpSettings settings;
    private final RandomGenerator noise;
    private final LocalAccountant accountant;
    private long releases;

    /**
     * @param noise the generator of the Gaussian noise: a {@link java.security.SecureRandom} on a
     *     real device, a seeded generator in reproducible simulations
     */
    public LocalDp(LocalDpSettings settings, RandomGenerator noise) {
        this.settings = settings;
        this.noise = noise;
        this.accountant = new LocalAccountant(settings.noiseMultiplier(), settings.delta());
    }

    public LocalDpSettings settings() {
        return settings;
    }

    /** ε spent by the releases so far. */
    public synchronized double epsilonSpent() {
        return accountant.epsilon(releases);
    }

    /** ε the client would have spent after one more release. */
    public synchronized double epsilonAfterNextRelease() {
        return accountant.epsilon(releases + 1);
    }

    /** Whether one more release fits the budget (always true without a budget). */
    public synchronized boolean canRelease() {
        return settings.epsilonBudget() == null
                || accountant.epsilon(releases + 1) <= settings.epsilonBudget();
    }

    public synchronized long releases() {
        return releases;
    }

    /**
     * The privatized copy of {@code update}: clipped to norm C, plus Gaussian noise of std zC per
     * coordinate; empty if the release would exceed the budget (nothing is counted then). {@code
     * update} itself is not changed.
     */
    public synchronized Optional<float[]> release(float[] update) {
        if (!canRelease()) {
            return Optional.empty();
        }
        float[] out = L2Clip.clipped(update, settings.clip());
        double std = settings.noiseMultiplier() * settings.clip();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (out[i] + std * noise.nextGaussian());
        }
        releases++;
        return Optional.of(out);
    }

    /** The heartbeat's view of this account. */
    public synchronized LocalDpStatus status() {
        return LocalDpStatus.newBuilder()
                .setEpsilonSpent(accountant.epsilon(releases))
                .setDelta(settings.delta())
                .setNoiseMultiplier(settings.noiseMultiplier())
                .setClip(settings.clip())
                .setReleases(releases)
                .setEpsilonBudget(settings.epsilonBudget())
                .setExhausted(!canRelease())
                .build();
    }
}
