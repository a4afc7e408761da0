package io.fedstream.job.clientmanager.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.identity.Identity;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    static Identity identity(String name, long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return Identity.generate(name, r);
    }

    static Enrollment enrollment(Identity id, long issuedAt, boolean active) {
        Enrollment e = new Enrollment();
        e.clientId = id.publicIdentity().name();
        e.active = active;
        e.signingKey = id.publicIdentity().signingKey();
        e.agreementKey = id.publicIdentity().agreementKey();
        e.notBefore = 1_000;
        e.notAfter = 10_000;
        e.issuedAt = issuedAt;
        return e;
    }

    private final ClientAuthenticator auth = new ClientAuthenticator("run-1");

    private static ClientAuthenticator.Signed record(
            Identity signer, String clientId, byte[] value, long time, String run, Long seq) {
        return new ClientAuthenticator.Signed(
                "ModelUpdate",
                clientId,
                value,
                signer.signer().sign("ModelUpdate", value),
                time,
                run,
                seq);
    }

    private static ReasonCode reason(Rejection r) {
        return r == null ? null : r.reason();
    }

    @Test
    void acceptsOnlyWhatTheEnrolledKeySignedForThisRunWithANewSequence() throws Exception {
        Identity c1 = identity("c1", 1);
        Identity other = identity("c2", 2);
        Enrollment e = enrollment(c1, 5, true);
        byte[] value = "update of c1".getBytes(StandardCharsets.UTF_8);

        assertThat(auth.check(e, null, record(c1, "c1", value, 2_000, "run-1", 7L))).isNull();
        assertThat(auth.check(e, 6L, record(c1, "c1", value, 2_000, "run-1", 7L))).isNull();

        assertThat(reason(auth.check(null, null, record(c1, "c1", value, 2_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.UNKNOWN_CLIENT);
        assertThat(
                        reason(
                                auth.check(
                                        enrollment(c1, 6, false),
                                        null,
                                        record(c1, "c1", value, 2_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.REVOKED);
        assertThat(reason(auth.check(e, null, record(other, "c1", value, 2_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.BAD_SIGNATURE);
        byte[] flipped = value.clone();
        flipped[3] ^= 1;
        ClientAuthenticator.Signed good = record(c1, "c1", value, 2_000, "run-1", 7L);
        assertThat(
                        reason(
                                auth.check(
                                        e,
                                        null,
                                        new ClientAuthenticator.Signed(
                                                "ModelUpdate",
                                                "c1",
                                                flipped,
                                                good.signature(),
                                                2_000,
                                                "run-1",
                                                7L))))
                .isEqualTo(ReasonCode.BAD_SIGNATURE);
        assertThat(
                        reason(
                                auth.check(
                                        e,
                                        null,
                                        new ClientAuthenticator.Signed(
                                                "ModelUpdate",
                                                "c1",
                                                value,
                                                null,
                                                2_000,
                                                "run-1",
                                                7L))))
                .isEqualTo(ReasonCode.BAD_SIGNATURE);
        assertThat(reason(auth.check(e, null, record(c1, "c1", value, 999, "run-1", 7L))))
                .isEqualTo(ReasonCode.EXPIRED);
        assertThat(reason(auth.check(e, null, record(c1, "c1", value, 10_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.EXPIRED);
        assertThat(reason(auth.check(e, null, record(c1, "c1", value, 2_000, "run-0", 7L))))
                .isEqualTo(ReasonCode.WRONG_RUN);
        assertThat(reason(auth.check(e, null, record(c1, "c1", value, 2_000, null, 7L))))
                .isEqualTo(ReasonCode.WRONG_RUN);
        assertThat(reason(auth.check(e, 7L, record(c1, "c1", value, 2_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.REPLAYED);
        assertThat(reason(auth.check(e, 8L, record(c1, "c1", value, 2_000, "run-1", 7L))))
                .isEqualTo(ReasonCode.REPLAYED);
        assertThat(reason(auth.check(e, null, record(c1, "c1", value, 2_000, "run-1", null))))
                .isEqualTo(ReasonCode.REPLAYED);
    }

    @Test
    void rejectionDetailsNeverEchoTheRecord() throws Exception {
        Identity c1 = identity("c1", 1);
        byte[] value = "secret-ish payload".getBytes(StandardCharsets.UTF_8);
        Rejection r =
                auth.check(
                        enrollment(c1, 5, true),
                        null,
                        record(identity("x", 9), "c1", value, 2_000, "run-1", 1L));
        assertThat(r.detail()).doesNotContain("secret-ish").contains("enrolled key");
    }
}
