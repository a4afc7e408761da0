package io.fedstream.bench;

import io.fedstream.job.aggregation.kernels.GramKernel;
import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.CenteredClipping;
import io.fedstream.job.aggregation.rules.CoordinateMedian;
import io.fedstream.job.aggregation.rules.GeometricMedian;
import io.fedstream.job.aggregation.rules.Krum;
import io.fedstream.job.aggregation.rules.MultiKrum;
import io.fedstream.job.aggregation.rules.NormBounding;
import io.fedstream.job.aggregation.rules.RobustRule;
import io.fedstream.job.aggregation.rules.TrimmedMean;
import io.fedstream.job.aggregation.rules.WeightedAverage;

/**
 * The rule configurations that are benchmarked: f = ⌊n/10⌋ assumed Byzantine updates (Bulyan's n ≥
 * 4f+3 then holds from n = 10 on), β = 0.1, Multi-Krum's m = n − f, RFA's defaults, centered
 * clipping with τ = 10 and L = 1, norm bound 100. "krum", "multi-krum" and "bulyan" use the default
 * Gram kernel ({@link GramKernel#fastest()}: OpenBLAS when it loads), "*-java" the pure-Java one
 * and "*-2t" the pure-Java one on two threads (for median and trimmed mean: the sorting network on
 * two threads).
 */
final class Rules {
    private Rules() {}

    static int byzantine(int n) {
        return n / 10;
    }

    static RobustRule create(String name, int n) {
        int f = byzantine(n);
        switch (name) {
            case "fedavg":
                return new WeightedAverage();
            case "median":
                return new CoordinateMedian(f);
            case "trimmed-mean":
                return new TrimmedMean(0.1);
            case "krum":
                return new Krum(f);
            case "multi-krum":
                return new MultiKrum(f, n - f);
            case "bulyan":
                return new Bulyan(f);
            case "median-2t":
                return new CoordinateMedian(f, 2);
            case "trimmed-mean-2t":
                return new TrimmedMean(0.1, 2);
            case "krum-java":
                return new Krum(f, GramKernel.JAVA);
            case "multi-krum-java":
                return new MultiKrum(f, n - f, GramKernel.JAVA);
            case "bulyan-java":
                return new Bulyan(f, GramKernel.JAVA, 1);
            case "geomed":
                return new GeometricMedian(f);
            case "centered-clipping":
                return new CenteredClipping(10, 1);
            case "krum-2t":
                return new ShardedGramRule("krum", f, 2);
            case "multi-krum-2t":
                return new ShardedGramRule("multi-krum", f, 2);
            case "bulyan-2t":
                return new ShardedGramRule("bulyan", f, 2);
            case "norm-bound+fedavg":
                return new NormBounding(100).then(new WeightedAverage());
            default:
                throw new IllegalArgumentException("unknown rule " + name);
        }
    }
}
