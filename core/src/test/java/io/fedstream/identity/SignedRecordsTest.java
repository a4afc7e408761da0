package io.fedstream.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import org.junit.jupiter.api.Test;

class SignedRecordsTest {
    static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    @Test
    void signedMessageIsDomainTypeAndValue() {
        byte[] m = SignedRecords.message("ModelUpdate", new byte[] {1, 2});
        assertThat(m)
                .isEqualTo(
                        ("FedStream signed record v1\0ModelUpdate\0\1\2")
                                .getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void signatureIsPlainEd25519OverTheMessage() throws Exception {
        Identity id = Identity.generate("c1", seeded(1));
        byte[] value = "some record".getBytes(StandardCharsets.UTF_8);
        byte[] sig = id.signer().sign("ModelUpdate", value);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(id.publicIdentity().signingPublicKey());
        jdk.update(SignedRecords.message("ModelUpdate", value));
        assertThat(jdk.verify(sig)).isTrue();
    }

    @Test
    void verifierRefusesEveryChange() throws Exception {
        Identity id = Identity.generate("c1", seeded(1));
        Identity other = Identity.generate("c2", seeded(2));
        byte[] value = "some record".getBytes(StandardCharsets.UTF_8);
        byte[] sig = id.signer().sign("ModelUpdate", value);
        RecordVerifier v = id.publicIdentity().verifier();
        assertThat(v.verify("ModelUpdate", value, sig)).isTrue();
        for (int bit = 0; bit < value.length * 8; bit++) {
            byte[] flipped = value.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(v.verify("ModelUpdate", flipped, sig)).as("bit %d", bit).isFalse();
        }
        assertThat(v.verify("ClientHeartbeat", value, sig)).isFalse();
        assertThat(other.publicIdentity().verifier().verify("ModelUpdate", value, sig)).isFalse();
        assertThat(v.verify("ModelUpdate", value, null)).isFalse();
        assertThat(v.verify("ModelUpdate", value, new byte[63])).isFalse();
        assertThat(v.verify("ModelUpdate", value, new byte[64])).isFalse();
    }

    @Test
    void seededGenerationReproduces() throws Exception {
        assertThat(Identity.generate("a", seeded(7)).publicIdentity())
                .isEqualTo(Identity.generate("a", seeded(7)).publicIdentity());
        assertThat(Identity.generate("a", seeded(7)).publicIdentity())
                .isNotEqualTo(Identity.generate("a", seeded(8)).publicIdentity());
    }

    @Test
    void toStringShowsNoPrivateKey() throws Exception {
        Identity id = Identity.generate("c1", seeded(1));
        assertThat(id.toString()).contains("c1").contains(id.publicIdentity().keyId());
        assertThat(id.toString()).doesNotContain("private=");
    }
}
