package io.fedstream.job.aggregation.kernels;

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
    void partsRunOnTheCallerAndOnNamedDaemonThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 5; call++) {
            CoordinateParts.run(
                    CoordinateParts.cuts(0, 40, 4, 10),
                    (from, to) -> seen.add(Thread.currentThread()));
        }
        assertThat(seen).contains(Thread.currentThread());
        // Whether a call finds an idle pool thread is a race with the previous call's workers
        // returning to the pool, so only what every pool thread must be is checked here.
        assertThat(seen)
                .filteredOn(t -> t != Thread.currentThread())
                .isNotEmpty()
                .allSatisfy(
                        t -> {
                            assertThat(t.isDaemon()).isTrue();
                            assertThat(t.getName()).startsWith("fedstream-coordinate-part-");
                        });
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
