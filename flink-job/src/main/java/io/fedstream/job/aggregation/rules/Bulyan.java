package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.ColumnSorter;
import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.kernels.GramMatrix;
import io.fedstream.job.aggregation.kernels.SortingNetwork;
import io.fedstream.job.aggregation.kernels.Updates;
import java.util.Arrays;

/**
 * Bulyan (El Mhamdi, Guerraoui and Rouault, 2018, "The Hidden Vulnerability of Distributed Learning
 * in Byzantium", ICML). Two phases, unweighted:
 *
 * <ol>
 *   <li>Selection: θ = n − 2f times, pick the update with the lowest Krum score among those left
 *       and remove it from the set. The score of an update is the sum of squared distances to its
 *       max(1, s−f−2) nearest others among the s left (the clamp at 1 is what reference
 *       implementations do for the last, smallest sets).
 *   <li>Aggregation: per coordinate, the mean of the β = θ − 2f selected values closest to the
 *       coordinate's median over the θ selected (median of an even count = mean of the middle two).
 * </ol>
 *
 * <p>Requirement: n ≥ 4f+3; a smaller round throws {@link RoundTooSmallException}. With f = 0 the
 * rule is the plain mean.
 *
 * <p>Threads: phase 2 sorts disjoint coordinate ranges on {@code threads} threads (default {@link
 * GramKernel#threads()}, the same as the BLAS Gram matrix of phase 1); the result does not depend
 * on the thread count.
 *
 * <p>Sharded use: {@link #select} once on the sum of the shards' {@link GramMatrix#partialGram};
 * phase 2 is per coordinate, so each shard runs {@link #combine} on its parameter range.
 */
public final class Bulyan implements RobustRule {
    private final int f;
    private final GramKernel kernel;
    private final int threads;

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     */
    public Bulyan(int f) {
        this(f, null);
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param kernel the Gram kernel, or null for {@link GramKernel#fastest()} at each round
     */
    public Bulyan(int f, GramKernel kernel) {
        this(f, kernel, GramKernel.threads());
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param kernel the Gram kernel, or null for {@link GramKernel#fastest()} at each round
     * @param threads threads of phase 2 (disjoint coordinate ranges, same output), ≥ 1
     */
    public Bulyan(int f, GramKernel kernel, int threads) {
        if (f < 0 || threads < 1) {
            throw new IllegalArgumentException(
                    "f " + f + " must be >= 0 and threads " + threads + " >= 1");
        }
        this.f = f;
        this.kernel = kernel;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "bulyan";
    }

    @Override
    public int minUpdates() {
        return 4 * f + 3;
    }

    private void requireRound(int n) {
        if (n < 4 * f + 3) {
            throw RoundTooSmallException.of(name(), "n >= 4f+3", n, "f=" + f, 4 * f + 3);
        }
    }

    /** Phase 1: the θ = n − 2f selected indices, in selection order. */
    public int[] select(double[] squaredDistances, int n) {
        requireRound(n);
        return KrumScores.iterativeKrum(squaredDistances, n, f, n - 2 * f);
    }

    /**
     * Phase 2: per coordinate, the mean of the β = θ − 2f values closest to the median of the θ
     * selected updates. Works on whole vectors or on one shard's parameter range.
     */
    public float[] combine(float[][] updates, int[] selected) {
        int d = Updates.check(updates, null);
        int theta = selected.length;
        int beta = theta - 2 * f;
        if (beta < 1) {
            throw new IllegalArgumentException(
                    "selected " + theta + " updates vs f=" + f + ": need theta - 2f >= 1");
        }
        int spare = theta - beta; // window start l is in [0, 2f]
        double inv = 1.0 / beta;
        int midLo = (theta - 1) / 2;
        int midHi = theta / 2;
        // Only ranks [0, 2f), the median ranks and [β, θ) need their place (the window's variable
        // ends and the test that moves it); ranks [2f, β), if any, are in every window and only
        // summed, in whichever rows the network left them.
        SortingNetwork net =
                spare == 0
                        ? SortingNetwork.forRanks(theta, midLo, midHi + 1)
                        : SortingNetwork.forRankRanges(
                                theta, 0, spare, midLo, midHi + 1, beta, theta);
        return ColumnSorter.sortAndReduce(
                updates,
                selected,
                d,
                net,
                () -> windowMean(theta, beta, spare, inv, midLo, midHi),
                threads);
    }

    /** Phase 2's reducer for one thread (it owns its rank-ordered view and its sums). */
    private static ColumnSorter.Reducer windowMean(
            int theta, int beta, int spare, double inv, int midLo, int midHi) {
        return new ColumnSorter.Reducer() {
            private final float[][] sorted = new float[theta][];
            private double[] sum = new double[0];

            @Override
            public void reduce(float[][] rows, SortingNetwork nw, int c0, int len, float[] out) {
                for (int r = 0; r < theta; r++) {
                    sorted[r] = rows[nw.rowOfRank[r]];
                }
                if (sum.length < len) {
                    sum = new double[len];
                }
                Arrays.fill(sum, 0, len, 0.0);
                // Ranks [spare, β) as a set: the rows the network did not place hold exactly them.
                for (int r = spare; r < beta; r++) {
                    float[] v = sorted[r];
                    for (int c = 0; c < len; c++) {
                        sum[c] += v[c];
                    }
                }
                for (int c = 0; c < len; c++) {
                    double twiceMedian = (double) sorted[midLo][c] + sorted[midHi][c];
                    // The β closest values form a window [l, l+β) of the sorted column; move it
                    // right while the value entering is strictly closer to the median than the
                    // one leaving (s[l+β] − m < m − s[l]); that test is monotone in l.
                    int l = 0;
                    while (l < spare && (double) sorted[l][c] + sorted[l + beta][c] < twiceMedian) {
                        l++;
                    }
                    // [l, l+β) minus the summed ranks [spare, β), which is empty if spare ≥ β.
                    double s = sum[c];
                    for (int r = l; r < Math.min(l + beta, spare); r++) {
                        s += sorted[r][c];
                    }
                    for (int r = Math.max(beta, spare); r < l + beta; r++) {
                        s += sorted[r][c];
                    }
                    out[c0 + c] = (float) (s * inv);
                }
            }
        };
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        Updates.check(updates, weights);
        int n = updates.length;
        requireRound(n);
        int[] selected =
                select(GramMatrix.pairwiseSquaredDistances(updates, Krum.orFastest(kernel)), n);
        return combine(updates, selected);
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + ")";
    }
}
