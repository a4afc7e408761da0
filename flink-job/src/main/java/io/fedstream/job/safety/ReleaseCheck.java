package io.fedstream.job.safety;

import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.ReleaseOptions;
import java.util.Locale;

/**
 * The last test of a round's candidate model before it is published. A candidate is refused if any
 * parameter is NaN or infinite, or (once {@code release-warm-up} steps were released) if its step
 * ‖w_new − w_old‖ exceeds {@code release-max-step-factor} × the median of the last {@code
 * release-step-window} released non-zero steps (an exploding step). Empty rounds' zero steps are
 * not recorded, so they cannot drag the median to zero. Plain Java; the caller keeps the released
 * steps ({@link RecentValues}) in keyed state.
 *
 * <p>The check reads only the released delta and earlier released models, so under DP it is
 * post-processing of the private release and costs no privacy.
 */
public final class ReleaseCheck {
    private final double maxStepFactor;
    private final int window;
    private final int warmUp;

    /**
     * @param maxStepFactor the largest step, as a multiple of the recent median; 0 for no step
     *     check
     * @param window the released steps the median is taken over
     * @param warmUp released steps needed before the step check applies, in 1..window
     */
    public ReleaseCheck(double maxStepFactor, int window, int warmUp) {
        if (!(maxStepFactor >= 0) || window < 1 || warmUp < 1 || warmUp > window) {
            throw new IllegalArgumentException(
                    "release-max-step-factor "
                            + maxStepFactor
                            + " (expected >= 0), release-warm-up "
                            + warmUp
                            + " vs release-step-window "
                            + window
                            + " (expected 1..window)");
        }
        this.maxStepFactor = maxStepFactor;
        this.window = window;
        this.warmUp = warmUp;
    }

    public static ReleaseCheck of(JobConfig config) {
        return new ReleaseCheck(
                config.get(ReleaseOptions.RELEASE_MAX_STEP_FACTOR),
                config.get(ReleaseOptions.RELEASE_STEP_WINDOW),
                config.get(ReleaseOptions.RELEASE_WARM_UP));
    }

    /** {@code steps} sized for this check's window (new if null). */
    public RecentValues fit(RecentValues steps) {
        return steps == null ? new RecentValues(window) : steps.withCapacity(window);
    }

    /**
     * Why {@code candidate} must not be published, or null if it may be.
     *
     * @param stepNorm ‖candidate − current model‖
     * @param steps the released steps so far
     */
    public String refusal(float[] candidate, double stepNorm, RecentValues steps) {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < candidate.length; i++) {
            if (!Float.isFinite(candidate[i])) {
                if (first < 0) {
                    first = i;
                }
                bad++;
            }
        }
        if (bad > 0) {
            return bad
                    + " of "
                    + candidate.length
                    + " parameters are not finite (first: index "
                    + first
                    + " = "
                    + candidate[first]
                    + ")";
        }
        if (!Double.isFinite(stepNorm)) {
            return "step norm " + stepNorm + " is not finite";
        }
        if (maxStepFactor > 0 && steps.size() >= warmUp) {
            double median = steps.median();
            if (median > 0 && stepNorm > maxStepFactor * median) {
                return String.format(
                        Locale.ROOT,
                        "step norm %.4g > %.3g x %.4g, the median of the last %d released steps",
                        stepNorm,
                        maxStepFactor,
                        median,
                        steps.size());
            }
        }
        return null;
    }

    /** Records a released step; zero steps (an empty round, the bootstrap) are not recorded. */
    public void released(RecentValues steps, double stepNorm) {
        if (stepNorm > 0) {
            steps.add(stepNorm);
        }
    }
}
