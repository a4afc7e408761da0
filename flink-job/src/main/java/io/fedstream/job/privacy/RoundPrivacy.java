package io.fedstream.job.privacy;

import io.fedstream.privacy.L2Clip;
import java.util.Locale;

/**
 * The privacy manager's part in each round of DP-FedAvg (McMahan et al. 2018): it clips admitted
 * updates, weights them uniformly, accounts each private round in the RDP ledger, stops training
 * before the budget is exceeded, and moves an adaptive clip norm (Andrew et al. 2021) with a noised
 * count of unclipped updates. With DP off every method is the identity of plain FedAvg.
 */
public final class RoundPrivacy {
    /** What closing a round decided. */
    public record Closing(
            String budgetStop,
            double noiseStd,
            double clipUsed,
            double nextClip,
            Double privacySpent) {}

    private final DpPlan dp;
    private final KeyedGaussianNoise noise;
    private final double[] rdpPerRound;
    private final long samplingSeed;

    /**
     * @param noiseKey secret of the DP noise; required when DP is on
     * @param publicSeed the job's seed, used for client sampling when DP is off
     */
    public RoundPrivacy(DpPlan dp, byte[] noiseKey, long publicSeed) {
        if (dp.enabled && noiseKey == null) {
            throw new IllegalArgumentException("DP is on but no noise key was given");
        }
        this.dp = dp;
        if (dp.enabled) {
            noise = new KeyedGaussianNoise(noiseKey);
            rdpPerRound = dp.rdpPerRound();
            // Privacy amplification by sampling assumes participation is hidden: derive the
            // sampling seed from the secret key, not from the public --seed.
            samplingSeed = KeyedGaussianNoise.deriveSeed(noiseKey, "poisson-sampling");
        } else {
            noise = null;
            rdpPerRound = null;
            samplingSeed = publicSeed;
        }
    }

    public boolean enabled() {
        return dp.enabled;
    }

    public DpPlan plan() {
        return dp;
    }

    /** Seed of the client sampling: secret under DP, the public seed otherwise. */
    public long samplingSeed() {
        return samplingSeed;
    }

    /**
     * Prepares an admitted update for aggregation: under DP clips it in place to {@code clip}
     * (checked on the float values after rounding, so no ulp overshoot; for a sparse update the
     * norm of its kept values is the norm of the whole vector).
     *
     * @return whether the update was already within the clip norm (always true with DP off)
     */
    public boolean clip(float[] values, double clip) {
        return !dp.enabled || L2Clip.clipInPlace(values, clip) == 1.0;
    }

    /** Aggregation weight of an update: uniform under DP (see {@link DpPlan}), else its samples. */
    public double weight(long numSamples) {
        return dp.enabled ? 1.0 : numSamples;
    }

    /**
     * Accounts the closing of {@code round} and plans the clip of the next one.
     *
     * @param ledger the model's ledger; a private round (round >= 1) is added to it
     * @param clip the clip norm the round used
     * @param membershipDigest the round's {@link Membership} digest, which the clipped count's
     *     noise is bound to (null: the unbound stream)
     * @param lastRound whether the round is the last one anyway (no budget check then)
     */
    public Closing close(
            String model,
            long round,
            PrivacyLedger ledger,
            double clip,
            int unclipped,
            int participants,
            String membershipDigest,
            boolean lastRound) {
        if (!dp.enabled) {
            return new Closing(null, 0, clip, clip, null);
        }
        boolean privateRound = round >= 1;
        if (privateRound) {
            ledger.addStep(rdpPerRound);
        }
        String budgetStop = null;
        if (!lastRound && ledger.epsilonAfterStep(rdpPerRound, dp.delta) > dp.budget) {
            budgetStop =
                    String.format(
                            Locale.ROOT,
                            "privacy budget: round %d would spend epsilon %.4f > budget %.4f (delta %.1e)",
                            round + 1,
                            ledger.epsilonAfterStep(rdpPerRound, dp.delta),
                            dp.budget,
                            dp.delta);
        }
        double noiseStd = privateRound ? dp.updateNoiseMultiplier * clip : 0;
        double nextClip = clip;
        if (privateRound && dp.adaptiveClip) {
            double[] countNoise = new double[1];
            noise.addNoise(
                    model,
                    round,
                    Membership.stream("clipped-count", membershipDigest),
                    0,
                    dp.clippedCountStd,
                    countNoise);
            double fraction =
                    AdaptiveClipping.noisyFraction(
                            unclipped, participants, countNoise[0], dp.expectedClients);
            nextClip =
                    AdaptiveClipping.nextClip(
                            clip, fraction, dp.targetQuantile, dp.clipLearningRate);
        }
        return new Closing(budgetStop, noiseStd, clip, nextClip, ledger.epsilon(dp.delta));
    }
}
