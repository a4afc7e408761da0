package io.fedstream.job.aggregation.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightedAverageTest {

    @Test
    void weighsUpdatesBySampleCount() {
        // (10*1 + 30*2 + 60*4) / 100 = 3.1 and (10*-1 + 0 + 60*0.5) / 100 = 0.2
        float[][] x = {{1, -1}, {2, 0}, {4, 0.5f}};
        assertThat(new WeightedAverage().aggregate(x, new double[] {10, 30, 60}))
                .containsExactly(new float[] {3.1f, 0.2f}, within(1e-6f));
    }

    @Test
    void matchesTheNaiveMeanAcrossBlocks() {
        float[][] x = Fixtures.gaussian(new Random(81), 5, 7000, 0, 1);
        assertThat(new WeightedAverage().aggregate(x, null))
                .containsExactly(Fixtures.mean(x, Fixtures.all(5)), within(1e-6f));
    }

    @Test
    void rejectsBadWeights() {
        assertThatThrownBy(
                        () ->
                                new WeightedAverage()
                                        .aggregate(new float[2][2], new double[] {1, -1}))
                .hasMessage("weight -1.0 of update 1 must be finite and > 0");
        assertThatThrownBy(() -> new WeightedAverage().aggregate(new float[2][2], new double[] {1}))
                .hasMessage("weights length 1 vs updates 2");
    }
}
