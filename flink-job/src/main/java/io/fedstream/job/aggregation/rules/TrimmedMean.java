package io.fedstream.job.aggregation.rules;

import io.fedstream.job.aggregation.kernels.ColumnSorter;
import io.fedstream.job.aggregation.kernels.SortingNetwork;
import io.fedstream.job.aggregation.kernels.Updates;

/**
 * Coordinate-wise β-trimmed mean (Yin, Chen, Ramchandran and Bartlett, 2018, "Byzantine-Robust
 * Distributed Learning: Towards Optimal Statistical Rates", ICML): per coordinate, drop the k =
 * ⌈βn⌉ largest and k smallest values and average the remaining n − 2k. Unweighted.
 *
 * <p>Requirement: the paper needs β ≥ f/n, i.e. at most k Byzantine updates; rounding k up means a
 * β fraction of attackers is always covered. Each output coordinate then lies between honest values
 * whenever at most k updates are Byzantine. Fallback: when a round is too small to trim k from each
 * end (n ≤ 2⌈βn⌉, e.g. n = 4 at β = 0.3), k is cut to ⌊(n−1)/2⌋, which makes the rule the
 * coordinate-wise median, the most robust choice left. Only an empty round throws {@link
 * RoundTooSmallException}.
 *
 * <p>Each coordinate is independent, so the rule is trivially shardable by parameter range.
 */
public final class TrimmedMean implements RobustRule {
    private final double beta;
    private final int threads;

    /**
     * @param beta the fraction trimmed from each end, 0 ≤ β &lt; 1/2
     */
    public TrimmedMean(double beta) {
        this(beta, 1);
    }

    /**
     * @param beta the fraction trimmed from each end, 0 ≤ β &lt; 1/2
     * @param threads threads that sort disjoint coordinate ranges (same output), ≥ 1
     */
    public TrimmedMean(double beta, int threads) {
        if (!(beta >= 0 && beta < 0.5)) {
            throw new IllegalArgumentException("beta " + beta + " must be in [0, 0.5)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        this.beta = beta;
        this.threads = threads;
    }

    /**
     * Values trimmed from each end of a coordinate in a round of n ≥ 1 updates: ⌈βn⌉, at most
     * ⌊(n−1)/2⌋ (the median fallback).
     */
    public int trimmed(int n) {
        // The small slack keeps 0.1 * 30 = 3.0000000000000004 from rounding up to 4.
        int k = (int) Math.ceil(beta * n - 1e-9);
        return Math.min(k, Math.max(0, (n - 1) / 2));
    }

    @Override
    public String name() {
        return "trimmed-mean";
    }

    @Override
    public int minUpdates() {
        return 1;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        int d = Updates.check(updates, weights);
        int n = updates.length;
        if (n < 1) {
            throw RoundTooSmallException.of(name(), "n >= 1", n, "beta=" + beta, 1);
        }
        int k = trimmed(n);
        int keep = n - 2 * k;
        if (k == 0) {
            return Updates.linearCombination(updates, null, Updates.uniform(n), d);
        }
        double inv = 1.0 / keep;
        SortingNetwork net = SortingNetwork.forRanks(n, k, n - k);
        int block = ColumnSorter.blockFor(n);
        return ColumnSorter.sortAndReduce(
                updates,
                null,
                d,
                net,
                () -> {
                    double[] acc = new double[block];
                    return (rows, nw, c0, len, out) -> {
                        java.util.Arrays.fill(acc, 0, len, 0.0);
                        for (int r = k; r < n - k; r++) {
                            float[] row = rows[nw.rowOfRank[r]];
                            for (int c = 0; c < len; c++) {
                                acc[c] += row[c];
                            }
                        }
                        for (int c = 0; c < len; c++) {
                            out[c0 + c] = (float) (acc[c] * inv);
                        }
                    };
                },
                threads);
    }

    @Override
    public String toString() {
        return name() + "(beta=" + beta + ")";
    }
}
