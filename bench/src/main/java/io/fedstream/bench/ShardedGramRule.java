package io.fedstream.bench;

import io.fedstream.job.aggregation.kernels.GramMatrix;
import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.Krum;
import io.fedstream.job.aggregation.rules.MultiKrum;
import io.fedstream.job.aggregation.rules.RobustRule;

/**
 * Krum, Multi-Krum or Bulyan the way a job with several parameter shards runs them: partial Gram
 * matrices over disjoint coordinate ranges, here one per thread ({@link GramMatrix#gram(float[][],
 * int)}), summed, then one selection through the rules' public sharded API.
 */
final class ShardedGramRule implements RobustRule {
    private final String rule;
    private final int f;
    private final int threads;

    ShardedGramRule(String rule, int f, int threads) {
        this.rule = rule;
        this.f = f;
        this.threads = threads;
    }

    @Override
    public String name() {
        return rule + "-" + threads + "t";
    }

    @Override
    public int minUpdates() {
        return rule.equals("bulyan") ? 4 * f + 3 : 2 * f + 3;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights) {
        int n = updates.length;
        double[] dist = GramMatrix.squaredDistances(GramMatrix.gram(updates, threads), n);
        switch (rule) {
            case "krum":
                return updates[new Krum(f).select(dist, n)].clone();
            case "multi-krum":
                return MultiKrum.combine(updates, new MultiKrum(f, n - f).select(dist, n));
            case "bulyan":
                Bulyan b = new Bulyan(f);
                return b.combine(updates, b.select(dist, n));
            default:
                throw new IllegalArgumentException("no sharded form of " + rule);
        }
    }
}
