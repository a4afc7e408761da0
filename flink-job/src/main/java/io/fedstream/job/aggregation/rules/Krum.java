package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, 2017, "Machine Learning with Adversaries:
 * Byzantine Tolerant Gradient Descent", NeurIPS): each update is scored by the sum of its squared
 * distances to its n−f−2 nearest other updates, and the update with the lowest score is returned as
 * is. Unweighted.
 *
 * <p>Requirement: n &gt; 2f+2 (n ≥ 2f+3); a smaller round throws {@link RoundTooSmallException}.
 *
 * <p>Distances come from {@link GramMatrix} (by default its fastest {@link GramKernel}). Sharded
 * use: sum {@link GramMatrix#partialGram} over the shards, call {@link #select} once on the
 * distances, and let every shard copy its range of the selected update.
 */
public final class Krum implements RobustRule {
    private final int f;
    private final GramKernel kernel;

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     */
    public Krum(int f) {
        this(f, null);
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param kernel the Gram kernel, or null for {@link GramKernel#fastest()} at each round
     */
    public Krum(int f, GramKernel kernel) {
        if (f < 0) {
            throw new IllegalArgumentException("f " + f + " must be >= 0");
        }
        this.f = f;
        this.kernel = kernel;
    }

    /** The given kernel, or the fastest available one. */
    static GramKernel orFastest(GramKernel kernel) {
        return kernel == null ? GramKernel.fastest() : kernel;
    }

    @Override
    public String name() {
        return "krum";
    }

    @Override
    public int minUpdates() {
        return 2 * f + 3;
    }

    /** Checks n against n &gt; 2f+2 with the rule's standard message. */
    static void requireRound(String rule, int n, int f) {
        if (n < 2 * f + 3) {
            throw RoundTooSmallException.of(rule, "n > 2f+2", n, "f=" + f, 2 * f + 3);
        }
    }

    /** The index of the update Krum selects, from squared distances (row-major n×n). */
    public int select(double[] squaredDistances, int n) {
        requireRound(name(), n, f);
        double[] scores = KrumScores.scores(squaredDistances, n, n - f - 2);
        return KrumScores.lowest(scores, 1)[0];
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        Updates.check(updates, weights);
        int n = updates.length;
        requireRound(name(), n, f);
        int chosen = select(GramMatrix.pairwiseSquaredDistances(updates, orFastest(kernel)), n);
        return updates[chosen].clone();
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + ")";
    }
}
