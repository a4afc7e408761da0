package io.fedstream.job.aggregation;

import io.fedstream.job.aggregation.rules.Bulyan;
import io.fedstream.job.aggregation.rules.CenteredClipping;
import io.fedstream.job.aggregation.rules.CoordinateMedian;
import io.fedstream.job.aggregation.rules.GeometricMedian;
import io.fedstream.job.aggregation.rules.Krum;
import io.fedstream.job.aggregation.rules.MultiKrum;
import io.fedstream.job.aggregation.rules.RobustRule;
import io.fedstream.job.aggregation.rules.TrimmedMean;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.types.HeldSlice;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The aggregation rule the job runs ({@code --aggregator} and its parameters), and where it runs:
 * FedAvg and the per-coordinate rules (median, trimmed mean) on every parameter-range shard, the
 * rules that need whole vectors (Krum family, geometric median, centered clipping) on a single
 * aggregation shard.
 *
 * <p>Too-small rounds never fail the job: when a round has fewer updates than the configured rule
 * needs (e.g. Krum with n ≤ 2f+2, Bulyan with n &lt; 4f+3), {@link #aggregate} falls back to the
 * coordinate-wise median of the updates that did arrive (f = 0, defined for every n ≥ 1) and says
 * so in its {@link Result}. The median is the most robust rule left at that size, but it carries no
 * guarantee for the configured f. An empty round aggregates to the zero vector, like FedAvg.
 */
public final class AggregationPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The values {@code --aggregator} accepts, as users type them. */
    public static final List<String> NAMES =
            Arrays.stream(Aggregator.values()).map(Aggregator::toString).toList();

    private final Aggregator aggregator;
    private final int f;
    private final double beta;
    private final Integer multiKrumM;
    private final double ccTau;
    private final int ccIterations;

    /**
     * @param multiKrumM Multi-Krum's m, or null for n - f of each round
     */
    public AggregationPlan(
            Aggregator aggregator,
            int f,
            double beta,
            Integer multiKrumM,
            double ccTau,
            int ccIterations) {
        if (f < 0) {
            throw new IllegalArgumentException("--byzantine-f " + f + " must be >= 0");
        }
        this.aggregator = aggregator;
        this.f = f;
        this.beta = beta;
        this.multiKrumM = multiKrumM;
        this.ccTau = ccTau;
        this.ccIterations = ccIterations;
        // Fail at startup, naming the flag, rather than at the first round.
        if (!isFedAvg()) {
            rule(Math.max(1, 4 * f + 3));
        }
    }

    public static AggregationPlan of(JobConfig config) {
        return new AggregationPlan(
                config.get(AggregationOptions.AGGREGATOR),
                config.get(AggregationOptions.BYZANTINE_F),
                config.get(AggregationOptions.TRIM_BETA),
                config.getOptional(AggregationOptions.MULTI_KRUM_M).orElse(null),
                config.get(AggregationOptions.CC_TAU),
                config.get(AggregationOptions.CC_ITERATIONS));
    }

    public String name() {
        return aggregator.toString();
    }

    public int f() {
        return f;
    }

    /** FedAvg: the shards keep a running weighted sum instead of the round's slices. */
    public boolean isFedAvg() {
        return aggregator == Aggregator.FEDAVG;
    }

    /** Whether each output coordinate depends only on the same coordinate of the inputs. */
    public boolean shardLocal() {
        return isFedAvg()
                || aggregator == Aggregator.MEDIAN
                || aggregator == Aggregator.TRIMMED_MEAN;
    }

    /** Aggregation shards for a job whose default would be {@code shards}. */
    public int shards(int shards) {
        return shardLocal() ? shards : 1;
    }

    /** The configured rule for a round of n updates (Multi-Krum's default m depends on n). */
    public RobustRule rule(int n) {
        try {
            return switch (aggregator) {
                case MEDIAN -> new CoordinateMedian(f);
                case TRIMMED_MEAN -> new TrimmedMean(beta);
                case KRUM -> new Krum(f);
                case MULTI_KRUM ->
                        new MultiKrum(f, multiKrumM != null ? multiKrumM : Math.max(1, n - f));
                case BULYAN -> new Bulyan(f);
                case GEOMED -> new GeometricMedian(f);
                case CENTERED_CLIPPING -> new CenteredClipping(ccTau, ccIterations);
                case FEDAVG -> throw new IllegalStateException("fedavg has no robust rule");
            };
        } catch (IllegalStateException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--aggregator " + aggregator + ": " + e.getMessage(), e);
        }
    }

    /** The aggregate of one round, and whether the configured rule had to be replaced. */
    public record Result(float[] values, String fallback) {
        public boolean fellBack() {
            return fallback != null;
        }
    }

    /**
     * Applies the rule to a round's held slices of one parameter range, in content order.
     *
     * <p>Slices arrive in an order that depends on timing. Rules that sum in float (geometric
     * median, centered clipping) or break ties by position would then differ in the last bits from
     * run to run, and training amplifies that; in content order every run with the same seeds gives
     * the same model.
     *
     * @param held the round's slices (reordered in place)
     * @param previous the range of the last released aggregate, or null
     * @param d length of the range
     */
    public Result aggregateHeld(List<HeldSlice> held, float[] previous, int d) {
        held.sort(HeldSlice.CONTENT_ORDER);
        float[][] updates = new float[held.size()][];
        double[] weights = new double[held.size()];
        for (int k = 0; k < updates.length; k++) {
            updates[k] = held.get(k).values;
            weights[k] = held.get(k).weight;
        }
        return aggregate(updates, weights, previous, d);
    }

    /**
     * Aggregates one round of a robust rule (not FedAvg).
     *
     * @param updates n slices (or whole vectors) of length d
     * @param weights n positive weights (num_samples), used only by rules that define weights
     * @param previous the previous aggregate of the same range, or null
     * @param d the length, for the empty round
     */
    public Result aggregate(float[][] updates, double[] weights, float[] previous, int d) {
        int n = updates.length;
        if (n == 0) {
            return new Result(new float[d], null);
        }
        RobustRule rule = rule(n);
        if (n < rule.minUpdates()) {
            String why =
                    rule.name()
                            + " needs at least "
                            + rule.minUpdates()
                            + " updates: n="
                            + n
                            + ", f="
                            + f
                            + "; fell back to the coordinate-wise median";
            return new Result(new CoordinateMedian(0).aggregate(updates, null), why);
        }
        return new Result(rule.aggregate(updates, weights, previous), null);
    }

    @Override
    public String toString() {
        return switch (aggregator) {
            case FEDAVG -> "fedavg";
            case TRIMMED_MEAN -> "trimmed-mean(beta=" + beta + ")";
            case CENTERED_CLIPPING ->
                    "centered-clipping(tau=" + ccTau + ", L=" + ccIterations + ")";
            case MULTI_KRUM ->
                    "multi-krum(f=" + f + ", m=" + (multiKrumM != null ? multiKrumM : "n-f") + ")";
            default -> aggregator + "(f=" + f + ")";
        };
    }
}
