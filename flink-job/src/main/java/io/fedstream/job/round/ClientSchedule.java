package io.fedstream.job.round;

/**
 * The client learning rate of each round: exponential decay {@code lr_r = lr × decay^(r−1)}, as in
 * the learning-rate decay of FedAvg's experiments (McMahan et al. 2017). A pure function of the
 * round number, so a restored job sends the same rate as an unfailed one, and a client or a history
 * checker can recompute it from the job options.
 */
public final class ClientSchedule {
    private ClientSchedule() {}

    /**
     * @param lr the rate of round 1, finite and &gt; 0
     * @param decay the per-round factor, in (0, 1]
     * @param round the round the task is for, &gt;= 1
     */
    public static double learningRate(double lr, double decay, long round) {
        if (!(lr > 0) || !Double.isFinite(lr) || !(decay > 0) || decay > 1 || round < 1) {
            throw new IllegalArgumentException(
                    "learning rate "
                            + lr
                            + ", decay "
                            + decay
                            + ", round "
                            + round
                            + ": expected 0 < lr < inf, 0 < decay <= 1, round >= 1");
        }
        // decay^(r-1) underflows to 0 for a long run with a small decay: clients then take no step,
        // which a rate of exactly 0 in the RoundTask would state; keep the smallest positive rate.
        double rate = decay == 1 ? lr : lr * Math.pow(decay, round - 1);
        return Math.max(rate, Double.MIN_NORMAL);
    }
}
