package io.fedstream.job.clientmanager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which registered clients are alive (heard from within the alive timeout), and the bounds of the
 * registry: at most {@code maxClients} entries, none older than the alive timeout for long.
 *
 * <p><b>TTL.</b> A client silent for longer than the alive timeout is forgotten whenever the alive
 * set is read (round close, the bootstrap's start check) and whenever {@link #prune} runs, which
 * the job does on a timer every alive timeout, also after the final round; so no entry outlives two
 * alive timeouts.
 *
 * <p><b>Cap.</b> When a heartbeat of a new client makes the registry exceed {@code maxClients}, one
 * pass over it forgets the expired clients and then the least recently heard others (ties by id)
 * until at most {@code maxClients - batch} others remain, {@code batch = max(1, maxClients / 10)};
 * the newcomer itself is always kept. The pass costs O(n log batch) but runs at most once every
 * {@code batch} new ids, so a heartbeat costs O(log batch) amortized, and the count is a stored
 * number, never a scan.
 *
 * <p>Why evict the least recently heard rather than refuse newcomers when full: refusing would let
 * a flooder that refills the registry within one alive timeout ({@code maxClients} ids per alive
 * timeout, 3 300 ids/s at the defaults) lock every honest newcomer out for as long as it keeps
 * going. Evicting the stalest instead keeps every honest client that heartbeats on time: to evict
 * it the flood must bring {@code maxClients - batch} fresh ids between two of its heartbeats (45
 * 000 ids/s at the defaults against the edge's 2 s period), and even then the client is back at its
 * next heartbeat. The per-client heartbeat rate limit ({@link HeartbeatRateLimit}) keeps one id
 * from renewing itself faster than honest clients do.
 */
public final class Liveness {
    /** Oldest first; ties by id, so that eviction is deterministic. */
    private static final Comparator<Map.Entry<String, Long>> OLDEST_FIRST =
            Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey());

    private final long aliveTimeoutMs;
    private final int maxClients;
    private final int batch;

    /**
     * @param aliveTimeoutMs a client is alive while its last heartbeat is at most this old
     * @param maxClients most clients the registry holds
     */
    public Liveness(long aliveTimeoutMs, int maxClients) {
        if (aliveTimeoutMs <= 0) {
            throw new IllegalArgumentException(
                    "alive timeout must be > 0 ms, got " + aliveTimeoutMs);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException(
                    "max registered clients must be >= 1, got " + maxClients);
        }
        this.aliveTimeoutMs = aliveTimeoutMs;
        this.maxClients = maxClients;
        this.batch = Math.max(1, maxClients / 10);
    }

    /** How often the registry should be pruned: every alive timeout. */
    public long pruneIntervalMs() {
        return aliveTimeoutMs;
    }

    /**
     * Registers a heartbeat of {@code clientId} at {@code now}; if that makes the registry exceed
     * the cap, evicts as the class comment says.
     *
     * @return how many other clients were forgotten (expired or evicted), usually 0
     */
    public int heard(ClientRegistry registry, String clientId, long now) throws Exception {
        if (!registry.put(clientId, now) || registry.size() <= maxClients) {
            return 0;
        }
        return evict(registry, clientId, now);
    }

    private int evict(ClientRegistry registry, String newcomer, long now) throws Exception {
        long horizon = now - aliveTimeoutMs;
        // At most this many others must go: `batch`, or more if the cap was lowered on a restore.
        int keep = maxClients - batch;
        int atMost = registry.size() - 1 - keep;
        // The `atMost` oldest live others, the youngest of them at the head.
        PriorityQueue<Map.Entry<String, Long>> oldest =
                new PriorityQueue<>(atMost + 1, OLDEST_FIRST.reversed());
        int expired = 0;
        Iterator<Map.Entry<String, Long>> it = registry.entries();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() < horizon) {
                it.remove();
                expired++;
            } else if (!e.getKey().equals(newcomer)) {
                oldest.add(Map.entry(e.getKey(), e.getValue()));
                if (oldest.size() > atMost) {
                    oldest.poll();
                }
            }
        }
        int excess = registry.size() - 1 - keep;
        List<Map.Entry<String, Long>> victims = new ArrayList<>(oldest);
        victims.sort(OLDEST_FIRST);
        for (int i = 0; i < excess; i++) {
            registry.remove(victims.get(i).getKey());
        }
        return expired + Math.max(0, excess);
    }

    /**
     * Forgets the clients silent for longer than the alive timeout at {@code now}.
     *
     * @return how many clients remain (all of them alive)
     */
    public int prune(ClientRegistry registry, long now) throws Exception {
        long horizon = now - aliveTimeoutMs;
        Iterator<Map.Entry<String, Long>> it = registry.entries();
        while (it.hasNext()) {
            if (it.next().getValue() < horizon) {
                it.remove();
            }
        }
        return registry.size();
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
