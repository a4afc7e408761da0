package io.fedstream.job.clientmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LivenessTest {
    /** A registry over an insertion-ordered map, as a test fake of the keyed map state. */
    static final class MapRegistry implements ClientRegistry {
        final Map<String, Long> map = new LinkedHashMap<>();

        @Override
        public void put(String clientId, long time) {
            map.put(clientId, time);
        }

        @Override
        public Iterator<Map.Entry<String, Long>> entries() {
            return map.entrySet().iterator();
        }
    }

    @Test
    void clientsHeardWithinTheTimeoutAreAliveIncludingTheBoundary() throws Exception {
        Liveness liveness = new Liveness(1_000);
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
        Liveness liveness = new Liveness(100);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "old", 0);
        liveness.heard(registry, "new", 950);

        assertThat(liveness.alive(registry, 1_000)).containsExactly("new");
        assertThat(registry.map).containsOnlyKeys("new");
    }

    @Test
    void aLaterHeartbeatRenewsAClient() throws Exception {
        Liveness liveness = new Liveness(100);
        MapRegistry registry = new MapRegistry();
        liveness.heard(registry, "a", 0);
        liveness.heard(registry, "a", 900);

        assertThat(liveness.alive(registry, 1_000)).containsExactly("a");
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> new Liveness(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alive timeout must be > 0 ms, got 0");
    }
}
