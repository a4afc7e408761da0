package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.ColumnSorter;
import io.fedstream.job.aggregation.kernels.SortingNetwork;
import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran and Bartlett, 2018, "Byzantine-Robust Distributed
 * Learning: Towards Optimal Statistical Rates", ICML). For even n the median of a coordinate is the
 * mean of its two middle values. Unweighted.
 *
 * <p>Requirement: n ≥ 2f+1, so that honest values outnumber the f Byzantine ones in every
 * coordinate; then each output coordinate lies between two honest values. A smaller round throws
 * {@link RoundTooSmallException}.
 *
 * <p>Each coordinate is independent, so the rule is trivially shardable: the median of a parameter
 * range is the range of the median. Implemented with a sorting network cut down to the middle ranks
 * and applied to blocks of coordinates ({@link ColumnSorter}).
 */
public final class CoordinateMedian implements RobustRule {
    private final int f;
    private final int threads;

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     */
    public CoordinateMedian(int f) {
        this(f, 1);
    }

    /**
     * @param f the number of Byzantine updates to tolerate per round, f ≥ 0
     * @param threads threads that sort disjoint coordinate ranges (same output), ≥ 1
     */
    public CoordinateMedian(int f, int threads) {
        if (f < 0 || threads < 1) {
            throw new IllegalArgumentException(
                    "f " + f + " must be >= 0 and threads " + threads + " >= 1");
        }
        this.f = f;
        this.threads = threads;
    }

    @Override
    public String name() {
        return "median";
    }

    @Override
    public int minUpdates() {
        return Math.max(1, 2 * f + 1);
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        int d = Updates.check(updates, weights);
        int n = updates.length;
        if (n < minUpdates()) {
            throw RoundTooSmallException.of(name(), "n >= 2f+1", n, "f=" + f, minUpdates());
        }
        int lowRank = (n - 1) / 2;
        int highRank = n / 2;
        SortingNetwork net = SortingNetwork.forRanks(n, lowRank, highRank + 1);
        return ColumnSorter.sortAndReduce(
                updates,
                null,
                d,
                net,
                () ->
                        (rows, nw, c0, len, out) -> {
                            float[] a = rows[nw.rowOfRank[lowRank]];
                            float[] b = rows[nw.rowOfRank[highRank]];
                            if (lowRank == highRank) {
                                System.arraycopy(a, 0, out, c0, len);
                            } else {
                                for (int c = 0; c < len; c++) {
                                    out[c0 + c] = (float) (0.5 * ((double) a[c] + b[c]));
                                }
                            }
                        },
                threads);
    }

    @Override
    public String toString() {
        return name() + "(f=" + f + ")";
    }
}
