package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormBoundingTest {

    @Test
    void scalesOnlyUpdatesAboveTheBound() {
        // (3,4) has norm 5 > 1 -> (0.6, 0.8); (0.3, 0.4) has norm 0.5 -> passed through
        float[] big = {3, 4};
        float[] small = {0.3f, 0.4f};
        float[][] out = new NormBounding(1).apply(new float[][] {big, small});
        assertThat(out[0]).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
        assertThat(out[1]).isSameAs(small);
        assertThat(big).containsExactly(3f, 4f);
    }

    @Test
    void composesWithAnyRule() {
        // bounded to 1: (0.6, 0.8) and (0, 0.5); mean = (0.3, 0.65)
        RobustRule rule = new NormBounding(1).then(new WeightedAverage());
        assertThat(rule.name()).isEqualTo("norm-bound+fedavg");
        assertThat(rule.aggregate(new float[][] {{3, 4}, {0, 0.5f}}, null))
                .containsExactly(new float[] {0.3f, 0.65f}, within(1e-6f));
        assertThat(new NormBounding(1).then(new Krum(2)).minUpdates()).isEqualTo(7);
    }

    @Test
    void rejectsANonPositiveBound() {
        assertThatThrownBy(() -> new NormBounding(0))
                .hasMessage("norm bound 0.0 must be finite and > 0");
    }
}
