package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientScheduleTest {
    @Test
    void roundOneTrainsAtTheBaseRateAndEachLaterRoundAtOneMoreFactor() {
        assertThat(ClientSchedule.learningRate(0.1, 0.5, 1)).isEqualTo(0.1);
        assertThat(ClientSchedule.learningRate(0.1, 0.5, 2)).isEqualTo(0.05);
        assertThat(ClientSchedule.learningRate(0.1, 0.5, 4)).isEqualTo(0.0125);
        // 0.96^49 = 0.135301..., by repeated multiplication
        double f = 1;
        for (int i = 0; i < 49; i++) {
            f *= 0.96;
        }
        assertThat(ClientSchedule.learningRate(0.1, 0.96, 50)).isCloseTo(0.1 * f, within(1e-15));
    }

    @Test
    void noDecayIsTheConstantRateBitForBit() {
        for (long r = 1; r < 1_000_000; r *= 7) {
            assertThat(ClientSchedule.learningRate(0.1, 1.0, r)).isEqualTo(0.1);
        }
    }

    @Test
    void aRateThatUnderflowsStaysPositiveSoEveryRoundTaskIsValid() {
        double rate = ClientSchedule.learningRate(0.1, 0.01, 10_000);
        assertThat(rate).isPositive().isEqualTo(Double.MIN_NORMAL);
    }

    @Test
    void refusesRatesDecaysAndRoundsOutOfRange() {
        for (double[] bad :
                new double[][] {
                    {0, 0.9, 1},
                    {-0.1, 0.9, 1},
                    {Double.NaN, 0.9, 1},
                    {Double.POSITIVE_INFINITY, 0.9, 1},
                    {0.1, 0, 1},
                    {0.1, 1.01, 1},
                    {0.1, Double.NaN, 1},
                    {0.1, 0.9, 0}
                }) {
            assertThatThrownBy(() -> ClientSchedule.learningRate(bad[0], bad[1], (long) bad[2]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }
}
