package io.fedstream.edge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SequenceCounterTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** T0 in microseconds since the epoch, written out: 1767323045 s and 123456 us. */
    private static final long T0_MICROS = 1_767_323_045_123_456L;

    @Test
    void startsAtTheClockInMicroseconds() {
        SequenceCounter c = new SequenceCounter(new SteppingClock(T0, T0));
        assertThat(c.next()).isEqualTo(T0_MICROS);
    }

    @Test
    void followsTheClockWhenItMovesOn() {
        SequenceCounter c =
                new SequenceCounter(new SteppingClock(T0, T0, T0.plusMillis(5), T0.plusSeconds(1)));
        assertThat(c.next()).isEqualTo(T0_MICROS);
        assertThat(c.next()).isEqualTo(T0_MICROS + 5_000);
        assertThat(c.next()).isEqualTo(T0_MICROS + 1_000_000);
    }

    @Test
    void staysStrictlyIncreasingWhenTheClockStandsStillOrGoesBack() {
        SequenceCounter c =
                new SequenceCounter(
                        new SteppingClock(
                                T0,
                                T0.plusSeconds(10),
                                T0.plusSeconds(10),
                                T0.minusSeconds(3600),
                                T0.plusSeconds(10).plusNanos(2_000),
                                T0.plusSeconds(11)));
        long first = c.next();
        assertThat(first).isEqualTo(T0_MICROS + 10_000_000);
        assertThat(c.next()).isEqualTo(first + 1); // clock stood still
        assertThat(c.next()).isEqualTo(first + 2); // clock went back an hour
        assertThat(c.next()).isEqualTo(first + 3); // clock 2 us ahead of first, but 3 used
        assertThat(c.next()).isEqualTo(T0_MICROS + 11_000_000);
    }

    @Test
    void aClockThatWentBackBeforeStartStillGivesNumbersAboveTheStart() {
        SequenceCounter c = new SequenceCounter(new SteppingClock(T0, T0.minusSeconds(60)));
        assertThat(c.next()).isEqualTo(T0_MICROS);
        assertThat(c.next()).isEqualTo(T0_MICROS + 1);
    }
}
