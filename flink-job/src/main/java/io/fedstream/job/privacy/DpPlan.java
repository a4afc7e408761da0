package io.fedstream.job.privacy;

import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.privacy.RdpAccountant;
import java.io.Serializable;
import java.util.Locale;

/**
 * The differential-privacy settings of a job, resolved once at submission: sampling rate, noise
 * multipliers, clipping and budget. Immutable; carried by the operators that need it.
 *
 * <p>Estimator (McMahan et al. 2018, "Learning Differentially Private Recurrent Language Models",
 * Alg. 1, fixed denominator): the released delta is (Σ clip(Δ_i) + N(0, (z_Δ C)²)) / (q N), with q
 * N the expected number of participants. Dividing by the expected rather than the realized count
 * keeps the sensitivity of the released value at C / (q N) whatever the sample size; the realized
 * count would itself leak who took part. Updates are weighted uniformly (not by num_samples), as
 * the sensitivity bound requires.
 */
public final class DpPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    public final boolean enabled;
    public final double samplingRate;
    public final double expectedClients;

    /** Noise multiplier the accountant uses (of the update and clipped-count releases together). */
    public final double noiseMultiplier;

    /**
     * Noise multiplier of the update sum (z_Δ; equals noiseMultiplier without adaptive clipping).
     */
    public final double updateNoiseMultiplier;

    public final double initialClip;
    public final boolean adaptiveClip;
    public final double targetQuantile;
    public final double clipLearningRate;
    public final double clippedCountStd;
    public final double delta;
    public final double budget;
    public final int rounds;

    private DpPlan(JobConfig c) {
        enabled = c.get(PrivacyOptions.DP);
        int n = c.get(RoundOptions.NUM_CLIENTS);
        int k = c.get(RoundOptions.CLIENTS_PER_ROUND);
        samplingRate = Math.min(1.0, (double) k / n);
        expectedClients = samplingRate * n;
        delta = c.get(PrivacyOptions.DP_DELTA);
        budget = c.get(PrivacyOptions.PRIVACY_BUDGET);
        rounds = c.get(RoundOptions.NUM_ROUNDS);
        initialClip = c.get(PrivacyOptions.DP_CLIP);
        adaptiveClip = c.get(PrivacyOptions.DP_ADAPTIVE_CLIP);
        targetQuantile = c.get(PrivacyOptions.DP_TARGET_QUANTILE);
        clipLearningRate = c.get(PrivacyOptions.DP_CLIP_LEARNING_RATE);
        clippedCountStd =
                c.getOptional(PrivacyOptions.DP_CLIPPED_COUNT_STDDEV).orElse(expectedClients / 20);
        if (!enabled) {
            noiseMultiplier = 0;
            updateNoiseMultiplier = 0;
            return;
        }
        if (k > n) {
            throw new IllegalArgumentException(
                    "--clients-per-round "
                            + k
                            + " vs --num-clients "
                            + n
                            + ": DP samples with q = k/n <= 1");
        }
        if (!(initialClip > 0)) {
            throw new IllegalArgumentException("--dp-clip " + initialClip + " must be > 0");
        }
        Double z = c.getOptional(PrivacyOptions.DP_NOISE_MULTIPLIER).orElse(null);
        noiseMultiplier =
                z != null
                        ? z
                        : NoiseCalibration.noiseMultiplier(budget, delta, samplingRate, rounds);
        updateNoiseMultiplier =
                adaptiveClip
                        ? AdaptiveClipping.updateNoiseMultiplier(noiseMultiplier, clippedCountStd)
                        : noiseMultiplier;
    }

    public static DpPlan of(JobConfig config) {
        return new DpPlan(config);
    }

    /** RDP of one round at every accountant order. */
    public double[] rdpPerRound() {
        return RdpAccountant.rdpPerStep(samplingRate, noiseMultiplier);
    }

    /** One line for the job log: the plan and the ε it leads to. */
    public String describe() {
        if (!enabled) {
            return "differential privacy off";
        }
        return String.format(
                Locale.ROOT,
                "DP-FedAvg: q = %.4f (%.1f expected clients), noise multiplier z = %.4f (update z = %.4f),"
                        + " clip %s%.3f, delta %.1e, budget epsilon %.3f; %d rounds would spend epsilon %.3f",
                samplingRate,
                expectedClients,
                noiseMultiplier,
                updateNoiseMultiplier,
                adaptiveClip ? "adaptive from " : "",
                initialClip,
                delta,
                budget,
                rounds,
                RdpAccountant.epsilon(samplingRate, noiseMultiplier, rounds, delta));
    }
}
