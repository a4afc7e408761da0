package io.fedstream.job.clientmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeartbeatRateLimitTest {
    @Test
    void admitsAClientsFirstHeartbeat() {
        assertThat(new HeartbeatRateLimit(1_000).admits(null, 0)).isTrue();
    }

    @Test
    void refusesAHeartbeatWithinTheIntervalAndAdmitsOneAtExactlyTheInterval() {
        HeartbeatRateLimit limit = new HeartbeatRateLimit(1_000);
        // last admitted at 5 000: 5 999 is 999 ms later, 6 000 is 1 000 ms later
        assertThat(limit.admits(5_000L, 5_999)).isFalse();
        assertThat(limit.admits(5_000L, 6_000)).isTrue();
        assertThat(limit.enabled()).isTrue();
    }

    @Test
    void aZeroIntervalAdmitsEveryHeartbeat() {
        HeartbeatRateLimit off = new HeartbeatRateLimit(0);
        assertThat(off.enabled()).isFalse();
        assertThat(off.admits(7L, 7)).isTrue();
    }

    @Test
    void refusesANegativeInterval() {
        assertThatThrownBy(() -> new HeartbeatRateLimit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("heartbeat min interval must be >= 0 ms, got -1");
    }
}
