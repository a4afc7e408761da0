package io.fedstream.job.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.Aggregator;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class AggregationPlanTest {

    private static AggregationPlan plan(String name, int f) {
        return new AggregationPlan(Aggregator.parse(name), f, 0.2, null, 1.0, 3);
    }

    @Test
    void perCoordinateRulesKeepTheShardsAndWholeVectorRulesUseOne() {
        assertThat(plan("fedavg", 1).shards(4)).isEqualTo(4);
        assertThat(plan("median", 1).shards(4)).isEqualTo(4);
        assertThat(plan("trimmed-mean", 1).shards(4)).isEqualTo(4);
        for (String name :
                new String[] {"krum", "multi-krum", "bulyan", "geomed", "centered-clipping"}) {
            assertThat(plan(name, 1).shards(4)).as(name).isEqualTo(1);
        }
    }

    @Test
    void trimmedMeanDropsTheOutliersOfEachCoordinate() {
        // beta 0.2 of n = 5 trims ceil(1.0) = 1 from each end: mean of the middle three.
        float[][] updates = {{1, 10}, {2, 20}, {3, 30}, {100, -100}, {-100, 100}};
        AggregationPlan.Result r = plan("trimmed-mean", 1).aggregate(updates, null, null, 2);
        assertThat(r.fellBack()).isFalse();
        // coordinate 0: sorted -100 1 2 3 100 -> (1+2+3)/3 = 2; coordinate 1: -100 10 20 30 100 ->
        // 20
        assertThat(r.values()).containsExactly(new float[] {2, 20}, within(1e-6f));
    }

    @Test
    void krumOnATooSmallRoundFallsBackToTheMedianAndNamesNAndF() {
        // Krum with f = 1 needs n > 2f + 2 = 4; a round of three takes the coordinate median.
        float[][] updates = {{1, 5}, {2, 7}, {9, 6}};
        AggregationPlan.Result r =
                plan("krum", 1).aggregate(updates, new double[] {1, 1, 1}, null, 2);
        assertThat(r.fellBack()).isTrue();
        assertThat(r.fallback()).contains("krum").contains("n=3").contains("f=1");
        assertThat(r.values()).containsExactly(2, 6);
    }

    @Test
    void bulyanOnATooSmallRoundFallsBack() {
        // Bulyan with f = 1 needs n >= 4f + 3 = 7.
        float[][] updates = {{1}, {2}, {3}, {4}, {5}, {6}};
        AggregationPlan.Result r = plan("bulyan", 1).aggregate(updates, null, null, 1);
        assertThat(r.fallback()).contains("bulyan needs at least 7 updates: n=6, f=1");
        assertThat(r.values()).containsExactly(3.5f);
    }

    @Test
    void krumOnALargeEnoughRoundSelectsAnHonestUpdate() {
        // n = 5 > 2f + 2 = 4. Scores over the n - f - 2 = 2 nearest: honest points near 0 score
        // small, the attacker at 100 scores about 2 * 100^2.
        float[][] updates = {{0, 0}, {0.1f, 0}, {0, 0.1f}, {0.1f, 0.1f}, {100, 100}};
        AggregationPlan.Result r =
                plan("krum", 1).aggregate(updates, new double[] {1, 1, 1, 1, 1}, null, 2);
        assertThat(r.fellBack()).isFalse();
        assertThat(r.values()[0]).isLessThan(1);
    }

    @Test
    void anEmptyRoundIsTheZeroVector() {
        AggregationPlan.Result r = plan("median", 2).aggregate(new float[0][], null, null, 3);
        assertThat(r.values()).containsExactly(0, 0, 0);
        assertThat(r.fellBack()).isFalse();
    }

    @Test
    void centeredClippingCentresOnThePreviousAggregate() {
        // tau = 1, one iteration from v = previous = (10): each update x_i is clipped to within 1
        // of 10, so the result is 10 + mean(clip(x_i - 10)) = 10 + (1 + 1 - 1)/3.
        AggregationPlan p = new AggregationPlan(Aggregator.CENTERED_CLIPPING, 0, 0.2, null, 1.0, 1);
        float[][] updates = {{20}, {30}, {0}};
        AggregationPlan.Result r = p.aggregate(updates, null, new float[] {10}, 1);
        assertThat(r.values()[0]).isCloseTo(10 + 1f / 3, within(1e-5f));
    }

    @Test
    void refusesUnknownRulesAndBadParametersNamingTheFlag() {
        assertThatThrownBy(() -> plan("mean", 1))
                .hasMessageContaining("--aggregator mean is not one of fedavg, median");
        assertThatThrownBy(() -> new AggregationPlan(Aggregator.TRIMMED_MEAN, 1, 0.6, null, 1, 1))
                .hasMessageContaining("--aggregator trimmed-mean")
                .hasMessageContaining("beta 0.6");
        Configuration c = new Configuration();
        c.set(AggregationOptions.AGGREGATOR, Aggregator.KRUM);
        c.set(AggregationOptions.BYZANTINE_F, -1);
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        JobConfig config = JobConfig.of(c);
        assertThatThrownBy(() -> AggregationPlan.of(config))
                .hasMessageContaining("--byzantine-f -1");
    }

    @Test
    void multiKrumAveragesNMinusFUnlessMIsSet() {
        // Unset, m is n - f of each round (the plan cannot know n yet); set, it is the value.
        assertThat(plan("multi-krum", 1)).hasToString("multi-krum(f=1, m=n-f)");
        assertThat(
                        AggregationPlan.of(
                                JobConfig.fromArgs(
                                        new String[] {
                                            "--aggregator",
                                            "multi-krum",
                                            "--multi-krum-m",
                                            "2",
                                            "--client-auth",
                                            "off"
                                        })))
                .hasToString("multi-krum(f=1, m=2)");
    }
}
