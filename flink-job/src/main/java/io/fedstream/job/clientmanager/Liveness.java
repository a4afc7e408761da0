package io.fedstream.job.clientmanager;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which registered clients are alive: those heard from within the alive timeout. Clients silent for
 * longer are forgotten when the alive set is read, so the registry holds only recent clients.
 */
public final class Liveness {
    private final long aliveTimeoutMs;

    /**
     * @param aliveTimeoutMs a client is alive while its last heartbeat is at most this old
     */
    public Liveness(long aliveTimeoutMs) {
        if (aliveTimeoutMs <= 0) {
            throw new IllegalArgumentException(
                    "alive timeout must be > 0 ms, got " + aliveTimeoutMs);
        }
        this.aliveTimeoutMs = aliveTimeoutMs;
    }

    /** Registers a heartbeat of {@code clientId} at {@code now}. */
    public void heard(ClientRegistry registry, String clientId, long now) throws Exception {
        registry.put(clientId, now);
    }

    /**
     * The clients alive at {@code now}, in registry order; removes the others from the registry.
     */
    public List<String> alive(ClientRegistry registry, long now) throws Exception {
        long horizon = now - aliveTimeoutMs;
        List<String> alive = new ArrayList<>();
        Iterator<Map.Entry<String, Long>> it = registry.entries();
        while (it.hasNext()) {
            Map.Entry<String, Long> entry = it.next();
            if (entry.getValue() >= horizon) {
                alive.add(entry.getKey());
            } else {
                it.remove();
            }
        }
        return alive;
    }
}
