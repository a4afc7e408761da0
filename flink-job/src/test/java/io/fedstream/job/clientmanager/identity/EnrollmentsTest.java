package io.fedstream.job.clientmanager.identity;

import static io.fedstream.job.clientmanager.identity.ClientAuthenticatorTest.enrollment;
import static io.fedstream.job.clientmanager.identity.ClientAuthenticatorTest.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.identity.Identity;
import io.fedstream.job.types.Enrollment;
import org.junit.jupiter.api.Test;

class EnrollmentsTest {
    @Test
    void theLatestIssuedRecordHoldsAndAReplayedOldOneChangesNothing() throws Exception {
        Identity k1 = identity("c1", 1);
        Enrollments.Applied first = Enrollments.apply(null, enrollment(k1, 10, true));
        assertThat(first.change()).isEqualTo(Enrollments.Change.ENROLLED);

        Enrollments.Applied revoked = Enrollments.apply(first.state(), enrollment(k1, 20, false));
        assertThat(revoked.change()).isEqualTo(Enrollments.Change.REVOKED);
        assertThat(revoked.state().active).isFalse();

        // The old enrollment replayed onto the topic: older than the revocation.
        Enrollments.Applied replay = Enrollments.apply(revoked.state(), enrollment(k1, 10, true));
        assertThat(replay.change()).isEqualTo(Enrollments.Change.STALE);
        assertThat(replay.state().active).isFalse();

        // Re-signed later with the same revoked key: refused all the same.
        Enrollments.Applied again = Enrollments.apply(revoked.state(), enrollment(k1, 30, true));
        assertThat(again.change()).isEqualTo(Enrollments.Change.KEY_REVOKED);
        assertThat(again.state().active).isFalse();

        // A new key for the same client id is a fresh enrollment.
        Identity k2 = identity("c1", 2);
        Enrollments.Applied renewed = Enrollments.apply(revoked.state(), enrollment(k2, 40, true));
        assertThat(renewed.change()).isEqualTo(Enrollments.Change.ENROLLED);
        assertThat(renewed.state().signingKey).isEqualTo(k2.publicIdentity().signingKey());
        assertThat(renewed.state().revokedKeys).hasSize(32);
    }

    @Test
    void revokedKeysAreBounded() throws Exception {
        Enrollment state = null;
        for (int i = 0; i < Enrollments.MAX_REVOKED_KEYS + 5; i++) {
            Identity k = identity("c1", 100 + i);
            state = Enrollments.apply(state, enrollment(k, 2L * i + 1, true)).state();
            state = Enrollments.apply(state, enrollment(k, 2L * i + 2, false)).state();
        }
        assertThat(state.revokedKeys).hasSize(32 * Enrollments.MAX_REVOKED_KEYS);
    }
}
