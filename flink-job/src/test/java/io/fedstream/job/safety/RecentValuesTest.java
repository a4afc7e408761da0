package io.fedstream.job.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

class RecentValuesTest {

    private static RecentValues of(int capacity, double... values) {
        RecentValues r = new RecentValues(capacity);
        for (double v : values) {
            r.add(v);
        }
        return r;
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleValue() {
        assertThat(of(5, 9, 1, 5).median()).isEqualTo(5);
        assertThat(of(5, 3, 1e30, 2, 4, 1).median()).isEqualTo(3); // sorted 1 2 3 4 1e30
    }

    @Test
    void theMedianOfAnEvenCountIsTheLowerMiddleValue() {
        // sorted 1, 4 | 6, 1e30: the lower of the two middle values
        assertThat(of(4, 6, 1e30, 1, 4).median()).isEqualTo(4);
        // with two values, one of them huge, the other one
        assertThat(of(4, 1e30, 2).median()).isEqualTo(2);
    }

    @Test
    void anEmptySeriesHasNoMedian() {
        assertThat(of(3).median()).isNaN();
    }

    @Test
    void aFullRingDropsItsOldestValue() {
        RecentValues r = of(3, 100, 200, 1, 2, 3);

        assertThat(r.size()).isEqualTo(3);
        assertThat(r.toArray()).containsExactly(1, 2, 3);
        assertThat(r.median()).isEqualTo(2);
    }

    @Test
    void resizingKeepsTheNewestValues() {
        RecentValues r = of(4, 1, 2, 3, 4);

        assertThat(r.withCapacity(2).toArray()).containsExactly(3, 4);
        assertThat(r.withCapacity(6).toArray()).containsExactly(1, 2, 3, 4);
        assertThat(r.withCapacity(4)).isSameAs(r);
    }

    @Test
    void aZeroCapacityIsRefused() {
        assertThatThrownBy(() -> new RecentValues(0)).hasMessageContaining("capacity 0");
    }

    @Test
    void itIsAPojoFlinkSerializesFieldByField() {
        assertThat(TypeInformation.of(RecentValues.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(UpdateBounds.Window.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
