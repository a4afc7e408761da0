package io.fedstream.edge.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulation's side channel between colluding clients of one process: clients post their honest
 * update of a round, and a Byzantine client waits until the updates of the clients it expects are
 * posted (or a timeout passes) before it computes its malicious update.
 *
 * <p>This is the omniscient-coalition assumption of the papers (ALIE, IPM, min-max/min-sum): real
 * attackers would need a channel of their own; the fleet simulation provides one in memory. Waiting
 * never holds a training thread: {@link #await} returns a future that completes on the thread of
 * the last expected post, or on the board's timer thread at the timeout with whatever was posted.
 *
 * <p>Rounds more than {@value #ROUNDS_KEPT} below the newest posted round are forgotten.
 */
public final class CollusionBoard implements AutoCloseable {
    static final int ROUNDS_KEPT = 3;

    private final TreeMap<Long, RoundPosts> rounds = new TreeMap<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(
                    r -> {
                        Thread t = new Thread(r, "fedstream-collusion-timer");
                        t.setDaemon(true);
                        return t;
                    });

    private static final class RoundPosts {
        final Map<String, float[]> posts = new HashMap<>();
        final List<Waiter> waiters = new ArrayList<>();
    }

    private record Waiter(Set<String> expected, CompletableFuture<Map<String, float[]>> future) {}

    /** Publishes {@code clientId}'s honest update of {@code round} to the colluders. */
    public void post(long round, String clientId, float[] update) {
        List<Waiter> ready = new ArrayList<>();
        Map<String, float[]> snapshot;
        synchronized (this) {
            RoundPosts r = rounds.computeIfAbsent(round, k -> new RoundPosts());
            r.posts.put(clientId, update);
            snapshot = Map.copyOf(r.posts);
            for (Iterator<Waiter> it = r.waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (snapshot.keySet().containsAll(w.expected())) {
                    ready.add(w);
                    it.remove();
                }
            }
            while (!rounds.isEmpty() && rounds.firstKey() < rounds.lastKey() - ROUNDS_KEPT) {
                rounds.pollFirstEntry()
                        .getValue()
                        .waiters
                        .forEach(w -> w.future().complete(Map.of()));
            }
        }
        ready.forEach(w -> w.future().complete(snapshot));
    }

    /**
     * The posts of {@code round} once every client of {@code expected} has posted, or after {@code
     * timeout} with those posted by then.
     */
    public CompletableFuture<Map<String, float[]>> await(
            long round, Set<String> expected, Duration timeout) {
        CompletableFuture<Map<String, float[]>> future = new CompletableFuture<>();
        synchronized (this) {
            RoundPosts r = rounds.computeIfAbsent(round, k -> new RoundPosts());
            if (r.posts.keySet().containsAll(expected)) {
                return CompletableFuture.completedFuture(Map.copyOf(r.posts));
            }
            r.waiters.add(new Waiter(Set.copyOf(expected), future));
        }
        timer.schedule(
                () -> {
                    Map<String, float[]> posted;
                    synchronized (this) {
                        RoundPosts r = rounds.get(round);
                        posted = r == null ? Map.of() : Map.copyOf(r.posts);
                        if (r != null) {
                            r.waiters.removeIf(w -> w.future() == future);
                        }
                    }
                    future.complete(posted);
                },
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        return future;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
