package io.fedstream.edge.identity;

import java.time.Clock;
import java.time.Instant;

/**
 * The {@code sequence} of one client's records, shared by its updates and heartbeats: strictly
 * increasing, {@code next = max(last + 1, now in microseconds)}, starting at the clock's time when
 * the counter is made. So it keeps increasing across restarts (as long as a restart takes more than
 * the microseconds of the records sent before it) and when the clock steps back, and the job can
 * refuse a replayed record as one whose sequence is not above the last it accepted. Thread-safe.
 */
public final class SequenceCounter {
    private final Clock clock;
    private long last;

    public SequenceCounter(Clock clock) {
        this.clock = clock;
        this.last = micros(clock.instant()) - 1;
    }

    /** The next sequence number. */
    public synchronized long next() {
        last = Math.max(last + 1, micros(clock.instant()));
        return last;
    }

    /** {@code instant} in microseconds since the epoch. */
    static long micros(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1_000);
    }
}
