package io.fedstream.job.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterShardsTest {

    @Test
    void rangesCoverTheVectorWithoutGapsAndDifferByAtMostOne() {
        ParameterShards shards = new ParameterShards(101_770, 3);
        assertThat(shards.from(0)).isZero();
        assertThat(shards.to(2)).isEqualTo(101_770);
        for (int s = 0; s < 2; s++) {
            assertThat(shards.to(s)).isEqualTo(shards.from(s + 1));
        }
        // 101770 / 3 = 33923.33: sizes are 33923 or 33924.
        for (int s = 0; s < 3; s++) {
            assertThat(shards.size(s)).isBetween(33_923, 33_924);
        }
    }

    @Test
    void sliceCopiesTheRange() {
        ParameterShards shards = new ParameterShards(5, 2);
        float[] v = {0, 1, 2, 3, 4};
        assertThat(shards.slice(v, 0)).containsExactly(0, 1);
        assertThat(shards.slice(v, 1)).containsExactly(2, 3, 4);
    }

    @Test
    void refusesMoreShardsThanParameters() {
        assertThatThrownBy(() -> new ParameterShards(2, 3))
                .hasMessage("shards 3 vs parameters 2: need 1 <= shards <= parameters");
    }

    @Test
    void splitsASparseVectorByRangeWithShardLocalOffsets() {
        // 10 parameters over 3 shards: [0, 3), [3, 6), [6, 10)
        ParameterShards shards = new ParameterShards(10, 3);
        int[] idx = {0, 2, 3, 9};
        float[] v = {1, 2, 3, 4};
        assertThat(shards.sparseSlice(idx, v, 0).offsets()).containsExactly(0, 2);
        assertThat(shards.sparseSlice(idx, v, 0).values()).containsExactly(1, 2);
        assertThat(shards.sparseSlice(idx, v, 1).offsets()).containsExactly(0);
        assertThat(shards.sparseSlice(idx, v, 1).values()).containsExactly(3);
        assertThat(shards.sparseSlice(idx, v, 2).offsets()).containsExactly(3);
        assertThat(shards.sparseSlice(idx, v, 2).values()).containsExactly(4);
        assertThat(shards.sparseSlice(new int[0], new float[0], 1).offsets()).isEmpty();
    }
}
