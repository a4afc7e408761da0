package io.fedstream.job.safety;

import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.privacy.L2Clip;

/**
 * How far one admitted update may move the model, and how much of a round's weight it may take: the
 * job's safe defaults against a single client that sends a huge delta or claims absurdly many
 * samples. Plain Java over the coordinator's {@link Window} of the last W admitted updates.
 *
 * <ul>
 *   <li><b>Norm bound.</b> Every update is clipped to L2 norm B, x ← x · min(1, B/‖x‖) (norm
 *       bounding, Sun et al. 2019). B is {@code norm-bound} when set, else adaptive: B = κ · median
 *       of the norms of the last W admitted updates, the update itself included (κ = {@code
 *       norm-bound-factor}). The median ignores up to half of the window, so a few attackers cannot
 *       raise B by sending large norms; one client has one update per round, so at most about W / K
 *       of the window's entries.
 *   <li><b>Weight cap.</b> An update's FedAvg weight is min(n, κ_w · median of the claimed
 *       num_samples of the same window) (κ_w = {@code max-weight-factor}). In a round of K updates
 *       whose other weights sum to S, one client's share is then at most κ_w m / (κ_w m + S), m the
 *       window's median: κ_w / (κ_w + K − 1) when the others claim about m each.
 * </ul>
 *
 * <p>Both are off under DP: the DP clip C already bounds every contribution and weights are
 * uniform, and a bound computed from other clients' norms would make one client's contribution
 * depend on the others' data, which the DP sensitivity argument (each client moves the clipped sum
 * by at most C) does not cover. A fixed {@code norm-bound} still applies under DP, after the clip.
 *
 * <p>The window starts empty. Until it holds {@code bound-warm-up} (m) values the coordinator holds
 * admitted updates back ({@link #warmingUp}) and bounds them all once m are known, or when the
 * round closes; so even the very first update of a job is bounded by the median of the first m. A
 * median of zero (all-zero updates) bounds nothing.
 */
public final class UpdateBounds {
    private final double fixedNormBound;
    private final double normFactor;
    private final double weightFactor;
    private final int window;
    private final int warmUp;
    private final boolean dp;

    /**
     * @param fixedNormBound {@code norm-bound}, 0 for none
     * @param normFactor κ, 0 for no adaptive bound
     * @param weightFactor κ_w, 0 for no weight cap
     * @param window W, the admitted updates the medians look back on
     * @param warmUp m in 1..W, the values needed before updates pass without being held
     * @param dp whether DP is on (no adaptive bound, no weight cap)
     */
    public UpdateBounds(
            double fixedNormBound,
            double normFactor,
            double weightFactor,
            int window,
            int warmUp,
            boolean dp) {
        if (!(fixedNormBound >= 0) || !(normFactor >= 0) || !(weightFactor >= 0)) {
            throw new IllegalArgumentException(
                    "norm-bound "
                            + fixedNormBound
                            + ", norm-bound-factor "
                            + normFactor
                            + ", max-weight-factor "
                            + weightFactor
                            + ": expected >= 0");
        }
        if (window < 1 || warmUp < 1 || warmUp > window) {
            throw new IllegalArgumentException(
                    "bound-warm-up " + warmUp + " vs bound-window " + window + ": expected 1..W");
        }
        this.fixedNormBound = fixedNormBound;
        this.normFactor = normFactor;
        this.weightFactor = weightFactor;
        this.window = window;
        this.warmUp = warmUp;
        this.dp = dp;
    }

    /** The bounds the job options describe. */
    public static UpdateBounds of(JobConfig config, boolean dp) {
        return new UpdateBounds(
                config.get(AggregationOptions.NORM_BOUND),
                config.get(AggregationOptions.NORM_BOUND_FACTOR),
                config.get(AggregationOptions.MAX_WEIGHT_FACTOR),
                config.boundWindow(),
                Math.min(config.get(AggregationOptions.BOUND_WARM_UP), config.boundWindow()),
                dp);
    }

    /** The norms and claimed sample counts of the last W admitted updates of one model. */
    public static class Window {
        public RecentValues norms;
        public RecentValues samples;

        public Window() {}

        Window(int capacity) {
            norms = new RecentValues(capacity);
            samples = new RecentValues(capacity);
        }
    }

    public boolean adaptiveNormBound() {
        return !dp && fixedNormBound == 0 && normFactor > 0;
    }

    public boolean capsWeights() {
        return !dp && weightFactor > 0;
    }

    /** Whether the bounds read the window at all. */
    public boolean adaptive() {
        return adaptiveNormBound() || capsWeights();
    }

    /**
     * {@code w} sized for this job's W (a new window if null, or one restored from a job with
     * another W, keeping its newest values).
     */
    public Window fit(Window w) {
        if (w == null || w.norms == null || w.samples == null) {
            return new Window(window);
        }
        w.norms = w.norms.withCapacity(window);
        w.samples = w.samples.withCapacity(window);
        return w;
    }

    /** Records an admitted update's L2 norm and claimed samples (nothing when not adaptive). */
    public void record(Window w, double norm, long numSamples) {
        if (adaptive()) {
            w.norms.add(norm);
            w.samples.add(numSamples);
        }
    }

    /** Whether admitted updates must still be held back: fewer than m values are known. */
    public boolean warmingUp(Window w) {
        return adaptive() && w.norms.size() < warmUp;
    }

    /** B: the norm every update is clipped to, or +∞ for none. */
    public double normBound(Window w) {
        if (fixedNormBound > 0) {
            return fixedNormBound;
        }
        if (!adaptiveNormBound() || w.norms.size() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double b = normFactor * w.norms.median();
        return b > 0 ? b : Double.POSITIVE_INFINITY;
    }

    /** The most an update may weigh, or +∞ for no cap. */
    public double weightCap(Window w) {
        if (!capsWeights() || w.samples.size() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return weightFactor * w.samples.median();
    }

    /**
     * Clips {@code values} in place to {@code bound}.
     *
     * @return whether it was scaled down
     */
    public static boolean clip(float[] values, double bound) {
        return !Double.isInfinite(bound) && L2Clip.clipInPlace(values, bound) < 1.0;
    }
}
