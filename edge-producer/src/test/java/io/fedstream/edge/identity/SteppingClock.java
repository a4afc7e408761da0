package io.fedstream.edge.identity;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

/** A clock that returns the given instants in turn, then repeats the last. */
final class SteppingClock extends Clock {
    private final Deque<Instant> next = new ArrayDeque<>();
    private Instant last;

    SteppingClock(Instant... instants) {
        for (Instant i : instants) {
            next.add(i);
        }
        last = instants[0];
    }

    @Override
    public synchronized Instant instant() {
        if (!next.isEmpty()) {
            last = next.poll();
        }
        return last;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
