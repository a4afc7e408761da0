package io.fedstream.job.metrics;

import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.job.types.RoundSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's per-round metrics: communication cost (bytes up and down), privacy spent,
 * convergence (relative size of the round's step), participation and rejections by reason, the
 * influence bounds (updates clipped, weights capped) and a refused release. The evaluator publishes
 * the accuracy of each model in its own {@link RoundMetrics} record ({@link
 * MetricsSource#EVALUATOR}).
 */
public final class ServerRoundMetrics {
    private ServerRoundMetrics() {}

    /**
     * The metrics of the closed round {@code s}, whose model was published.
     *
     * @param modelRecordBytes size of the published global-model record (key and value), which
     *     every client selected for the next round downloads
     * @param previousNorm L2 norm of the global model before the round's step
     * @param stepNorm L2 norm of the round's step
     * @param now time of the release
     */
    public static RoundMetrics of(
            RoundSummary s, long modelRecordBytes, double previousNorm, double stepNorm, long now) {
        return of(s, modelRecordBytes, previousNorm, stepNorm, null, now);
    }

    /**
     * As {@link #of(RoundSummary, long, double, double, long)}; when {@code releaseRefused} is set,
     * the round's candidate model was not published (the step is then 0) and {@code rejected}
     * counts one {@link ReasonCode#RELEASE_REFUSED}.
     */
    public static RoundMetrics of(
            RoundSummary s,
            long modelRecordBytes,
            double previousNorm,
            double stepNorm,
            String releaseRefused,
            long now) {
        long bytesDown = bytesDown(modelRecordBytes, s.nextSelected);
        Map<String, Long> rejected = rejectedByReason(s.rejected);
        if (releaseRefused != null) {
            rejected.merge(ReasonCode.RELEASE_REFUSED.name(), 1L, Long::sum);
        }
        return RoundMetrics.newBuilder()
                .setModelId(s.modelId)
                .setRoundNumber(s.round)
                .setSource(MetricsSource.SERVER)
                .setTrainLoss(s.trainLoss())
                .setCommunicationCost(s.bytesUp + bytesDown)
                .setConvergenceRate(convergenceRate(previousNorm, stepNorm))
                .setPrivacySpent(s.privacySpent)
                .setStopReason(s.stopReason)
                .setParticipants(s.participants)
                .setSelected(s.selected)
                .setRejected(rejected)
                .setBytesUp(s.bytesUp)
                .setBytesUpDense(s.bytesUpDense)
                .setBytesDown(bytesDown)
                .setAggregationLatencyMs(Math.max(0, now - s.closedAt))
                .setRoundDurationMs(Math.max(0, s.closedAt - s.openedAt))
                .setCreatedAt(Instant.ofEpochMilli(now))
                .setClippedUpdates(s.normClipped)
                .setCappedWeights(s.weightCapped)
                .setNormBound(s.normBound)
                .setWeightCap(s.weightCap)
                .setReleaseRefused(releaseRefused)
                .build();
    }

    /** Downlink bytes: the model record once to each client selected for the next round. */
    public static long bytesDown(long modelRecordBytes, String[] nextSelected) {
        return modelRecordBytes * (nextSelected == null ? 0 : nextSelected.length);
    }

    /** ‖step‖ / ‖previous model‖, or null when the previous model is zero. */
    public static Double convergenceRate(double previousNorm, double stepNorm) {
        return previousNorm > 0 ? stepNorm / previousNorm : null;
    }

    /** The non-zero counts of {@code counts} (indexed by {@link ReasonCode} ordinal) by name. */
    static Map<String, Long> rejectedByReason(long[] counts) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        ReasonCode[] reasons = ReasonCode.values();
        for (int i = 0; i < counts.length && i < reasons.length; i++) {
            if (counts[i] > 0) {
                rejected.put(reasons[i].name(), counts[i]);
            }
        }
        return rejected;
    }

    /** The L2 norm of {@code v}, summed in double. */
    public static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }
}
