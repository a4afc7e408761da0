package io.fedstream.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A symmetric key shared by two parties from their X25519 keys (RFC 7748, the JDK's {@code XDH})
 * and HKDF-SHA256 (RFC 5869, Bouncy Castle's lightweight API; the JDK has HKDF only from 24).
 *
 * <p>Both parties derive the same key: the HKDF input is the X25519 shared secret, the info is a
 * purpose label followed by the job's and then the client's raw X25519 public keys, so a key is
 * bound to its purpose and to the two keys (RFC 7748 section 7 asks for both public keys in the
 * derivation). An all-zero shared secret (a small-order peer key) is refused.
 */
public final class PairKeys {
    public static final int KEY_BYTES = 32;

    private PairKeys() {}

    /**
     * The key for {@code purpose} between the job and a client, computed by the job with its
     * private key and the client's public key.
     */
    public static byte[] atJob(
            PrivateKey jobAgreement, byte[] jobPublic, byte[] clientPublic, String purpose) {
        return derive(sharedSecret(jobAgreement, clientPublic), jobPublic, clientPublic, purpose);
    }

    /** The same key computed by the client with its private key and the job's public key. */
    public static byte[] atClient(
            PrivateKey clientAgreement, byte[] clientPublic, byte[] jobPublic, String purpose) {
        return derive(sharedSecret(clientAgreement, jobPublic), jobPublic, clientPublic, purpose);
    }

    /** The raw X25519 shared secret of {@code own} and the peer's raw public key. */
    static byte[] sharedSecret(PrivateKey own, byte[] peerPublic) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(own);
            ka.doPhase(RawKeys.x25519Public(peerPublic), true);
            byte[] secret = ka.generateSecret();
            int or = 0;
            for (byte b : secret) {
                or |= b;
            }
            if (or == 0) {
                throw new IllegalArgumentException("X25519 gave the all-zero secret: bad peer key");
            }
            return secret;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 key agreement failed: " + e.getMessage(), e);
        }
    }

    /** HKDF-SHA256 with an empty salt, as RFC 5869 allows; {@code length} output bytes. */
    public static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] derive(
            byte[] secret, byte[] jobPublic, byte[] clientPublic, String purpose) {
        byte[] label = ("FedStream " + purpose + " v1").getBytes(StandardCharsets.US_ASCII);
        byte[] info = RawKeys.concat(RawKeys.concat(label, jobPublic), clientPublic);
        return hkdf(secret, null, info, KEY_BYTES);
    }
}
