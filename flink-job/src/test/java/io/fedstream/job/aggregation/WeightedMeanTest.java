package io.fedstream.job.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WeightedMeanTest {

    @Test
    void weightedMeanMatchesHandComputedFedAvg() {
        // Clients with 10, 30 and 60 samples:
        // coordinate 0: (10*1 + 30*2 + 60*4) / 100 = (10 + 60 + 240) / 100 = 3.1
        // coordinate 1: (10*-1 + 30*0 + 60*0.5) / 100 = (-10 + 0 + 30) / 100 = 0.2
        WeightedMean mean = new WeightedMean(2);
        mean.add(new float[] {1f, -1f}, 10);
        mean.add(new float[] {2f, 0f}, 30);
        mean.add(new float[] {4f, 0.5f}, 60);

        assertThat(mean.mean()).containsExactly(new float[] {3.1f, 0.2f}, within(1e-6f));
        assertThat(mean.count).isEqualTo(3);
        assertThat(mean.weight).isEqualTo(100.0);
    }

    @Test
    void equalWeightsGiveThePlainAverage() {
        WeightedMean mean = new WeightedMean(3);
        mean.add(new float[] {1f, 2f, 3f}, 7);
        mean.add(new float[] {3f, 2f, 1f}, 7);
        assertThat(mean.mean()).containsExactly(2f, 2f, 2f);
    }

    @Test
    void emptyMeanIsZero() {
        assertThat(new WeightedMean(4).mean()).containsExactly(0f, 0f, 0f, 0f);
    }

    @Test
    void rejectsLengthMismatchAndBadWeights() {
        WeightedMean mean = new WeightedMean(2);
        assertThatThrownBy(() -> mean.add(new float[3], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vector length 3 vs 2");
        assertThatThrownBy(() -> mean.add(new float[2], 0)).hasMessageContaining("weight 0.0");
        assertThatThrownBy(() -> mean.add(new float[2], Double.NaN))
                .hasMessageContaining("weight NaN");
    }

    @Test
    void shardedMeansConcatenateToTheWholeMean() {
        float[][] updates = {{1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}, {0, 0, 9, 0, 0}};
        double[] weights = {1, 2, 3};
        WeightedMean whole = new WeightedMean(5);
        ParameterShards shards = new ParameterShards(5, 2);
        WeightedMean[] parts = {new WeightedMean(shards.size(0)), new WeightedMean(shards.size(1))};
        for (int k = 0; k < updates.length; k++) {
            whole.add(updates[k], weights[k]);
            for (int s = 0; s < 2; s++) {
                parts[s].add(shards.slice(updates[k], s), weights[k]);
            }
        }
        float[] joined = new float[5];
        for (int s = 0; s < 2; s++) {
            System.arraycopy(parts[s].mean(), 0, joined, shards.from(s), shards.size(s));
        }
        assertThat(joined).containsExactly(whole.mean());
    }

    @Test
    void scatterAddOfASparseVectorEqualsAddingItsDenseForm() {
        WeightedMean sparse = new WeightedMean(5);
        sparse.add(new float[] {1, 1, 1, 1, 1}, 1);
        sparse.addSparse(new int[] {0, 3}, new float[] {4, -2}, 3);
        // by hand: sums (1 + 12, 1, 1, 1 - 6, 1) over weight 4
        assertThat(sparse.mean()).containsExactly(13 / 4f, 0.25f, 0.25f, -5 / 4f, 0.25f);
        assertThat(sparse.count).isEqualTo(2);
        assertThatThrownBy(() -> sparse.addSparse(new int[] {5}, new float[] {1}, 1))
                .hasMessageContaining("offset 5 vs length 5");
    }
}
