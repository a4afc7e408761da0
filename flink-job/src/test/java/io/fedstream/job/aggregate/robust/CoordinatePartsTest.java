package io.fedstream.job.aggregate.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class CoordinatePartsTest {

    @Test
    void cutsAreAlignedAndCoverTheRange() {
        assertThat(CoordinateParts.cuts(10, 110, 3, 16)).containsExactly(10, 42, 74, 110);
        assertThat(CoordinateParts.cuts(0, 5, 1, 16)).containsExactly(0, 5);
    }

    @Test
    void sumAddsThePartsOfEveryRange() {
        // Part [from, to) contributes {to - from, from}: the totals are 100 and 0 + 32 + 64 = 96.
        double[] total =
                CoordinateParts.sum(
                        CoordinateParts.cuts(0, 100, 3, 32),
                        (from, to) -> new double[] {to - from, from});
        assertThat(total).containsExactly(100.0, 96.0);
    }

    @Test
    void partsRunOnTheCallerAndOnKeptDaemonThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 5; call++) {
            CoordinateParts.run(
                    CoordinateParts.cuts(0, 40, 4, 10),
                    (from, to) -> seen.add(Thread.currentThread()));
        }
        assertThat(seen).contains(Thread.currentThread());
        assertThat(seen)
                .filteredOn(t -> t != Thread.currentThread())
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        // Five calls of three pool parts each did not make fifteen threads: idle ones are reused.
        assertThat(seen.size() - 1).isLessThan(15);
    }

    @Test
    void aFailingPartFailsTheCallWithItsCause() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertThatThrownBy(
                        () ->
                                CoordinateParts.run(
                                        CoordinateParts.cuts(0, 40, 2, 10),
                                        (from, to) -> {
                                            if (from > 0) {
                                                throw boom;
                                            }
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasCause(boom);
    }
}
