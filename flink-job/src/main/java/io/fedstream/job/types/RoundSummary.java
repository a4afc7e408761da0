package io.fedstream.job.types;

/**
 * What the coordinator decided when it closed a round: who took part, what was rejected, and the
 * plan of the next round. Travels with the close marker to every shard and on to the publisher.
 */
public class RoundSummary {
    public String modelId;
    public long round;
    public int participants;
    public int selected;
    public long totalSamples;

    /** Sum of num_samples x training_loss over participants. */
    public double weightedLossSum;

    public long bytesUp;

    /** What the accepted updates would have weighed with DENSE_F32_LE deltas. */
    public long bytesUpDense;

    /**
     * Rejections during the round, indexed by ReasonCode ordinal. ReasonCode symbols may only be
     * appended (as Avro enum evolution requires anyway), so ordinals in saved state stay valid.
     */
    public long[] rejected;

    public long openedAt;
    public long closedAt;

    /** True when no further round follows. */
    public boolean finalRound;

    /** Clients selected for round + 1 (empty when finalRound). */
    public String[] nextSelected;

    /**
     * With client-auth signed: the enrolled X25519 key of each client of {@link #nextSelected}, in
     * the same order, for the round task's selection tags; null entries or null without.
     */
    public byte[][] nextSelectedKeys;

    public long nextDeadline;

    /** DP: std of the Gaussian noise on the round's clipped sum; 0 without DP. */
    public double noiseStd;

    /**
     * Digest of the round's admitted client ids ({@link io.fedstream.job.privacy.Membership}): the
     * round's DP noise is bound to it. Null in summaries from before it existed.
     */
    public String membershipDigest;

    /** DP: the fixed denominator q N of the release. */
    public double expectedClients;

    /** DP: the clip norm the round used. */
    public double clip;

    /** DP: epsilon spent including this round; null without DP. */
    public Double privacySpent;

    /** Accepted updates scaled down by the norm bound (fixed or adaptive). */
    public int normClipped;

    /** Accepted updates whose weight the weight cap lowered. */
    public int weightCapped;

    /** The norm bound when the round closed; null when there is none. */
    public Double normBound;

    /** The weight cap when the round closed; null when there is none. */
    public Double weightCap;

    /** On the final round: why training stopped. */
    public String stopReason;

    public RoundSummary() {}

    /** The samples-weighted mean training loss; null without updates (or were it not finite). */
    public Double trainLoss() {
        if (totalSamples == 0) {
            return null;
        }
        double loss = weightedLossSum / totalSamples;
        return Double.isFinite(loss) ? loss : null;
    }
}
