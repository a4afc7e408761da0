package io.fedstream.job.clientmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import org.junit.jupiter.api.Test;

class ClientMonitorTest {
    @Test
    void countsAdmittedRefusedByReasonAndLateUpdates() {
        ClientMonitor m = new ClientMonitor();
        m.accepted();
        m.accepted();
        m.rejected(ReasonCode.NOT_SELECTED);
        m.rejected(ReasonCode.STALE_ROUND);
        m.rejected(ReasonCode.STALE_ROUND);

        assertThat(m.acceptedUpdates()).isEqualTo(2);
        assertThat(m.rejectedUpdates(ReasonCode.NOT_SELECTED)).isEqualTo(1);
        assertThat(m.rejectedUpdates(ReasonCode.STALE_ROUND)).isEqualTo(2);
        assertThat(m.rejectedUpdates(ReasonCode.DUPLICATE)).isZero();
        // a late update is a STALE_ROUND refusal: counted under both
        assertThat(m.lateUpdates()).isEqualTo(2);
    }

    @Test
    void aliveClientsAreTheLatestCheck() {
        ClientMonitor m = new ClientMonitor();
        assertThat(m.aliveClients()).isZero();
        m.alive(7);
        m.alive(3);
        assertThat(m.aliveClients()).isEqualTo(3);
    }
}
