package io.fedstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.local.bench.flood.FloodSample;
import io.fedstream.local.bench.flood.FloodSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloodSummaryTest {
    private static FloodSample at(double s, boolean flooding, long heap, long checkpoint) {
        return new FloodSample(s, flooding, heap, 1, checkpoint, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void theSteadyPartStartsSettleSecondsIntoTheFloodAndSkipsSamplesWithoutACheckpoint() {
        List<FloodSample> samples =
                List.of(
                        at(10, false, 1, 1),
                        at(20, true, 1, 1), // the flood's first sample
                        at(30, true, 1, -1), // no checkpoint yet
                        at(40, true, 1, 1),
                        at(50, true, 1, 1),
                        at(60, false, 1, 1));
        assertThat(FloodSummary.steady(samples, 20))
                .extracting(FloodSample::elapsedS)
                .containsExactly(40.0, 50.0);
    }

    @Test
    void growthIsTheLeastSquaresSlopePerMinute() {
        // heap 100, 130, 110, 160 at 0, 60, 120, 180 s: mean x = 90 s, mean y = 125;
        // sum dx dy = (-90)(-25) + (-30)(5) + (30)(-15) + (90)(35) = 2250 - 150 - 450 + 3150 =
        // 4800,
        // sum dx^2 = 8100 + 900 + 900 + 8100 = 18000: 4800 / 18000 per s = 16 per minute.
        List<FloodSample> samples =
                List.of(
                        at(0, true, 100, 0),
                        at(60, true, 130, 0),
                        at(120, true, 110, 0),
                        at(180, true, 160, 0));
        FloodSummary.Growth g = FloodSummary.growth(samples, FloodSample::heapUsedBytes);
        assertThat(g.perMinute()).isCloseTo(16.0, within(1e-9));
        assertThat(g.first()).isEqualTo(100);
        assertThat(g.last()).isEqualTo(160);
        assertThat(g.min()).isEqualTo(100);
        assertThat(g.max()).isEqualTo(160);
    }
}
