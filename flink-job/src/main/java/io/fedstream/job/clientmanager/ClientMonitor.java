package io.fedstream.job.clientmanager;

import io.fedstream.avro.ReasonCode;

/**
 * What the client manager observes about a model's clients, for monitoring: how many are alive
 * (heard from within the alive timeout) at the last check, how many are registered and how many the
 * registry cap or its TTL made it forget, how many updates were admitted, how many came late, and
 * how many were refused, by reason. The job exposes these as Flink metrics of the round
 * coordinator; they are per subtask and start from zero after a restart (the checkpointed record of
 * each round is {@code RoundMetrics}).
 */
public final class ClientMonitor {
    private final long[] rejected = new long[ReasonCode.values().length];
    private long accepted;
    private long late;
    private long lateEvents;
    private int alive;
    private volatile int registered;
    private long evicted;

    /** An update was admitted into its round. */
    public void accepted() {
        accepted++;
    }

    /** An update was refused; {@link ReasonCode#STALE_ROUND} also counts as late. */
    public void rejected(ReasonCode reason) {
        rejected[reason.ordinal()]++;
        if (reason == ReasonCode.STALE_ROUND) {
            late++;
        }
    }

    /**
     * An event reached the coordinator at or behind its watermark (a broker clock that stepped
     * back), too late to be put in log order.
     */
    public void lateEvent() {
        lateEvents++;
    }

    public long lateEvents() {
        return lateEvents;
    }

    /** The alive clients at the latest liveness check. */
    public void alive(int clients) {
        alive = clients;
    }

    /** The registry holds {@code clients} now. */
    public void registered(int clients) {
        registered = clients;
    }

    /** A heartbeat made the registry forget {@code clients} others (cap or TTL), usually 0. */
    public void evicted(int clients) {
        evicted += clients;
    }

    public int registeredClients() {
        return registered;
    }

    public long evictedClients() {
        return evicted;
    }

    public long acceptedUpdates() {
        return accepted;
    }

    public long lateUpdates() {
        return late;
    }

    public long rejectedUpdates(ReasonCode reason) {
        return rejected[reason.ordinal()];
    }

    public int aliveClients() {
        return alive;
    }
}
