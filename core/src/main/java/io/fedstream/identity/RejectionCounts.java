package io.fedstream.identity;

import io.fedstream.identity.JobRecordCheck.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many of the job's records a reader refused, per {@link Rejection}; thread-safe, so one
 * process (a fleet of edge clients) may share one. {@link #count} says whether a cause is seen for
 * the first time, so that the caller logs each cause once and not once per forged record (a flood
 * of forgeries must not flood the log).
 */
public final class RejectionCounts {
    private final Map<Rejection, AtomicLong> counts = new EnumMap<>(Rejection.class);

    public RejectionCounts() {
        for (Rejection r : Rejection.values()) {
            counts.put(r, new AtomicLong());
        }
    }

    /**
     * Counts one refused record.
     *
     * @return true if it is the first of its cause (the caller logs it)
     */
    public boolean count(Rejection why) {
        return counts.get(why).incrementAndGet() == 1;
    }

    /** Records refused for {@code why} so far. */
    public long get(Rejection why) {
        return counts.get(why).get();
    }

    /** Records refused for any cause so far. */
    public long total() {
        long n = 0;
        for (AtomicLong c : counts.values()) {
            n += c.get();
        }
        return n;
    }

    /** A snapshot of every count, by cause. */
    public Map<Rejection, Long> snapshot() {
        Map<Rejection, Long> out = new EnumMap<>(Rejection.class);
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public String toString() {
        return "RejectionCounts" + snapshot();
    }
}
