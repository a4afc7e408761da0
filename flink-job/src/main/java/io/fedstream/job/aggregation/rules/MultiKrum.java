package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Multi-Krum (Blanchard, El Mhamdi, Guerraoui and Stainer, 2017, "Machine Learning with
 * Adversaries: Byzantine Tolerant Gradient Descent", NeurIPS): Krum scores are computed once (sum
 * of squared distances to the n−f−2 nearest others) and the m best-scoring updates are averaged
 * without weights. m = 1 is Krum; m = n is the plain mean.
 *
 * <p>Requirement: n &gt; 2f+2 (n ≥ 2f+3); a smaller round throws {@link RoundTooSmallException}.
 * Fallback: when m &gt; n − f the rule averages the n − f best, since more would have to include
 * updates the f Byzantine ones may have displaced.
 *
 * <p>Sharded use: {@link #select} on summed partial Gram matrices, then {@link #combine} per shard.
 */
public final class MultiKrum implements RobustRule {
    private final int f;
    private final int m;
    private final GramKernel kernel;

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param m how many of the best-scoring updates to average, m ≥ 1
     */
    public MultiKrum(int f, int m) {
        this(f, m, null);
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param m how many of the best-scoring updates to average, m ≥ 1
     * @param kernel the Gram kernel, or null for {@link GramKernel#fastest()} at each round
     */
    public MultiKrum(int f, int m, GramKernel kernel) {
        if (f < 0 || m < 1) {
            throw new IllegalArgumentException("f " + f + " must be >= 0 and m " + m + " >= 1");
        }
        this.f = f;
        this.m = m;
        this.kernel = kernel;
    }

    @Override
    public String name() {
        return "multi-krum";
    }

    @Override
    public int minUpdates() {
        return 2 * f + 3;
    }

    /** Indices of the averaged updates, best score first. */
    public int[] select(double[] squaredDistances, int n) {
        Krum.requireRound(name(), n, f);
        double[] scores = KrumScores.scores(squaredDistances, n, n - f - 2);
        return KrumScores.lowest(scores, Math.min(m, n - f));
    }

    /** The unweighted mean of the selected updates (or of their parameter range, per shard). */
    public static float[] combine(float[][] updates, int[] selected) {
        int d = Updates.check(updates, null);
        return Updates.linearCombination(updates, selected, Updates.uniform(selected.length), d);
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        Updates.check(updates, weights);
        Krum.requireRound(name(), updates.length, f);
        double[] dist = GramMatrix.pairwiseSquaredDistances(updates, Krum.orFastest(kernel));
        int[] selected = select(dist, updates.length);
        return combine(updates, selected);
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + ", m=" + m + ")";
    }
}
