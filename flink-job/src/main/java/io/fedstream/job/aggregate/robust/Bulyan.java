package io.fedstream.job.aggregate.robust;

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
 * <p>Sharded use: {@link #select} once on the sum of the shards' {@link GramMatrix#partialGram};
 * phase 2 is per coordinate, so each shard runs {@link #combine} on its parameter range.
 */
public final class Bulyan implements RobustRule {
    private final int f;
    private final GramKernel kernel;

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
        if (f < 0) {
            throw new IllegalArgumentException("f " + f + " must be >= 0");
        }
        this.f = f;
        this.kernel = kernel;
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
        SortingNetwork net = SortingNetwork.forRanks(theta, 0, theta);
        float[][] sorted = new float[theta][];
        return ColumnSorter.sortAndReduce(
                updates,
                selected,
                d,
                net,
                (rows, nw, c0, len, out) -> {
                    for (int r = 0; r < theta; r++) {
                        sorted[r] = rows[nw.rowOfRank[r]];
                    }
                    for (int c = 0; c < len; c++) {
                        double twiceMedian = (double) sorted[midLo][c] + sorted[midHi][c];
                        // The β closest values form a window [l, l+β) of the sorted column; move
                        // it right while the value entering is strictly closer to the median
                        // than the one leaving (s[l+β] − m < m − s[l]); that test is monotone in l.
                        int l = 0;
                        while (l < spare
                                && (double) sorted[l][c] + sorted[l + beta][c] < twiceMedian) {
                            l++;
                        }
                        double sum = 0;
                        for (int r = l; r < l + beta; r++) {
                            sum += sorted[r][c];
                        }
                        out[c0 + c] = (float) (sum * inv);
                    }
                });
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
