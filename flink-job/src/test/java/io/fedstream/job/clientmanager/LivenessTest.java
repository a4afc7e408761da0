package io.fedstream.job.clientmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private static final int NO_CAP = Integer.MAX_VALUE;

    /** A registry over an insertion-ordered map, as a test fake of the keyed map state. */
    static final class MapRegistry implements ClientRegistry {
        final Map<String, Long> map = new LinkedHashMap<>();

        @Override
        public boolean put(String clientId, long time) {
            return map.put(clientId, time) == null;
        }

        @Override
        public void remove(String clientId) {
            map.remove(clientId);
        }

        @Override
        public Iterator<Map.Entry<String, Long>> entries() {
            return map.entrySet().iterator();
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    /** Registers {@code prefix}00, {@code prefix}01, ... heard at {@code first}, first + 1, ... */
    private static void heardInTurn(
            Liveness liveness, MapRegistry registry, String prefix, int n, long first)
            throws Exception {
        for (int i = 0; i < n; i++) {
            liveness.heard(registry, String.format("%s%02d", prefix, i), first + i);
        }
    }

    @Test
    void clientsHeardWithinTheTimeoutAreAliveIncludingTheBoundary() throws Exception {
        Liveness liveness = new Liveness(1_000, NO_CAP);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "a", 0);
        liveness.heard(registry, "b", 500);
        liveness.heard(registry, "c", 1_000);

        // horizon = 1000 - 1000 = 0: a heartbeat at exactly the horizon still counts
        assertThat(liveness.alive(registry, 1_000)).containsExactly("a", "b", "c");
        // horizon = 1 ms: "a" (0) is older than the timeout
        assertThat(liveness.alive(registry, 1_001)).containsExactly("b", "c");
    }

    @Test
    void silentClientsAreForgottenFromTheRegistry() throws Exception {
        Liveness liveness = new Liveness(100, NO_CAP);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "old", 0);
        liveness.heard(registry, "new", 950);

        assertThat(liveness.alive(registry, 1_000)).containsExactly("new");
        assertThat(registry.map).containsOnlyKeys("new");
    }

    @Test
    void aLaterHeartbeatRenewsAClient() throws Exception {
        Liveness liveness = new Liveness(100, NO_CAP);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "a", 0);
        liveness.heard(registry, "a", 900);

        assertThat(liveness.alive(registry, 1_000)).containsExactly("a");
    }

    @Test
    void pruneForgetsClientsOlderThanTheTimeoutAndCountsTheRest() throws Exception {
        Liveness liveness = new Liveness(100, NO_CAP);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "a", 0);
        liveness.heard(registry, "b", 899);
        liveness.heard(registry, "c", 900);
        liveness.heard(registry, "d", 950);

        // horizon = 1000 - 100 = 900: b (899) goes, c (900) stays
        assertThat(liveness.prune(registry, 1_000)).isEqualTo(2);
        assertThat(registry.map).containsOnlyKeys("c", "d");
        assertThat(liveness.pruneIntervalMs()).isEqualTo(100);
    }

    @Test
    void aNewClientBeyondTheCapEvictsTheLeastRecentlyHeardTenth() throws Exception {
        // cap 20: batch = 20 / 10 = 2, so at most 20 - 2 = 18 others stay besides the newcomer
        Liveness liveness = new Liveness(1_000, 20);
        MapRegistry registry = new MapRegistry();
        heardInTurn(liveness, registry, "c", 20, 0); // c00 at 0 ... c19 at 19: full, no eviction
        assertThat(registry.size()).isEqualTo(20);

        assertThat(liveness.heard(registry, "n1", 20)).isEqualTo(2);
        assertThat(registry.map).doesNotContainKeys("c00", "c01").containsKey("n1").hasSize(19);

        assertThat(liveness.heard(registry, "n2", 21)).isZero(); // 20 again: at the cap, allowed
        assertThat(liveness.heard(registry, "n3", 22)).isEqualTo(2); // 21: c02 and c03 go
        assertThat(registry.map).doesNotContainKeys("c02", "c03").hasSize(19);
    }

    @Test
    void aRenewedClientIsNotAmongTheLeastRecentlyHeard() throws Exception {
        Liveness liveness = new Liveness(1_000, 10); // batch 1
        MapRegistry registry = new MapRegistry();
        heardInTurn(liveness, registry, "c", 10, 0);
        liveness.heard(registry, "c00", 10); // c00 is now the most recent; c01 (1) the oldest

        assertThat(liveness.heard(registry, "new", 11)).isEqualTo(1);
        assertThat(registry.map).containsKey("c00").doesNotContainKey("c01").hasSize(10);
    }

    @Test
    void clientsHeardAtTheSameTimeAreEvictedInIdOrder() throws Exception {
        Liveness liveness = new Liveness(1_000, 3); // batch 1: 2 others stay
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "m", 5);
        liveness.heard(registry, "b", 5);
        liveness.heard(registry, "x", 5);

        liveness.heard(registry, "a", 5);
        assertThat(registry.map).containsOnlyKeys("m", "x", "a");
    }

    @Test
    void theNewcomerIsKeptEvenIfItIsTheOldest() throws Exception {
        // Its heartbeat carries an earlier time than the others' (a clock step back).
        Liveness liveness = new Liveness(1_000, 2); // batch 1: 1 other stays
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "a", 100);
        liveness.heard(registry, "b", 100);

        liveness.heard(registry, "late", 50);
        assertThat(registry.map).containsOnlyKeys("b", "late");
    }

    @Test
    void aHeartbeatOfARegisteredClientNeverEvicts() throws Exception {
        Liveness liveness = new Liveness(1_000, 3);
        MapRegistry registry = new MapRegistry();
        heardInTurn(liveness, registry, "c", 3, 0);

        assertThat(liveness.heard(registry, "c00", 10)).isZero();
        assertThat(registry.map).containsOnlyKeys("c00", "c01", "c02");
    }

    @Test
    void evictionForgetsEveryExpiredClientBeforeAnyLiveOne() throws Exception {
        Liveness liveness = new Liveness(100, 10); // batch 1
        MapRegistry registry = new MapRegistry();
        heardInTurn(liveness, registry, "old", 5, 0); // 0..4
        heardInTurn(liveness, registry, "live", 5, 500); // 500..504

        // horizon 550 - 100 = 450: the five "old" go, which is more than the batch of 1; the rest
        // (5 others + the newcomer = 6) fits, so no live client is evicted.
        assertThat(liveness.heard(registry, "new", 550)).isEqualTo(5);
        assertThat(registry.map)
                .containsOnlyKeys("live00", "live01", "live02", "live03", "live04", "new");
    }

    @Test
    void aCapLoweredOnARestoreIsReachedInOnePass() throws Exception {
        MapRegistry registry = new MapRegistry();
        heardInTurn(new Liveness(1_000, NO_CAP), registry, "c", 30, 0); // c00 at 0 ... c29 at 29

        // cap 10, batch 1: 9 others stay, c21..c29, the 21 oldest go
        assertThat(new Liveness(1_000, 10).heard(registry, "new", 30)).isEqualTo(21);
        assertThat(registry.map).hasSize(10).containsKeys("c21", "c29", "new");
        assertThat(registry.map).doesNotContainKeys("c00", "c20");
    }

    @Test
    void anHonestClientHeartbeatingOnTimeSurvivesAFloodBeyondTheCap() throws Exception {
        // cap 100 (batch 10): the flood would have to bring 90 fresh ids between two heartbeats of
        // the honest client; it brings one a millisecond and the client heartbeats every 50 ms.
        Liveness liveness = new Liveness(30_000, 100);
        MapRegistry registry = new MapRegistry();
        int maxSize = 0;
        for (int t = 0; t < 10_000; t++) {
            if (t % 50 == 0) {
                liveness.heard(registry, "honest", t);
            }
            liveness.heard(registry, "fake-" + t, t);
            maxSize = Math.max(maxSize, registry.size());
            assertThat(registry.map).as("at %d ms", t).containsKey("honest");
        }
        assertThat(maxSize).isEqualTo(100);
    }

    @Test
    void refusesANonPositiveTimeoutAndCap() {
        assertThatThrownBy(() -> new Liveness(0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alive timeout must be > 0 ms, got 0");
        assertThatThrownBy(() -> new Liveness(10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max registered clients must be >= 1, got 0");
    }
}
