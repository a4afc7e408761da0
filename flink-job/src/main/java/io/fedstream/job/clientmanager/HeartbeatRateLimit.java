package io.fedstream.job.clientmanager;

/**
 * At most one heartbeat per client per minimum interval: a heartbeat is admitted if the client's
 * last admitted one is at least {@code minIntervalMs} old (or there is none). A refused heartbeat
 * changes no state; the job counts it in a metric rather than dead-lettering it, so that a flood of
 * heartbeats never turns into a flood of dead letters.
 *
 * <p>An honest edge client heartbeats every 2 s by default; at a 1 s minimum it is never limited,
 * while one id sending thousands of heartbeats a second costs the round coordinator one state write
 * a second. Ids that rotate are not slowed by this rule (each is new): the registry cap of {@link
 * Liveness} bounds those.
 */
public final class HeartbeatRateLimit {
    private final long minIntervalMs;

    /**
     * @param minIntervalMs least time between two admitted heartbeats of a client; 0 admits all
     */
    public HeartbeatRateLimit(long minIntervalMs) {
        if (minIntervalMs < 0) {
            throw new IllegalArgumentException(
                    "heartbeat min interval must be >= 0 ms, got " + minIntervalMs);
        }
        this.minIntervalMs = minIntervalMs;
    }

    /** Whether the limit is on (a minimum interval above 0). */
    public boolean enabled() {
        return minIntervalMs > 0;
    }

    public long minIntervalMs() {
        return minIntervalMs;
    }

    /**
     * Whether a heartbeat at {@code now} is admitted, given the time of the client's last admitted
     * heartbeat ({@code null} if none is remembered).
     */
    public boolean admits(Long lastAdmitted, long now) {
        return lastAdmitted == null || now - lastAdmitted >= minIntervalMs;
    }
}
