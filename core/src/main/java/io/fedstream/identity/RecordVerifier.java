package io.fedstream.identity;

import java.security.PublicKey;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Verifies records signed with one Ed25519 key ({@link SignedRecords}): RFC 8032 verification by
 * Bouncy Castle's lightweight API (it refuses a non-canonical S or an invalid point): 4 times
 * faster than the JDK 17 provider's for a 31 KB update, about as fast for a 407 KB one ({@code
 * SignatureBenchmark}, docs/performance.md); the tests check it accepts the JDK's signatures. Not
 * thread-safe: one per thread or operator instance.
 */
public final class RecordVerifier {
    private final Ed25519Signer verifier = new Ed25519Signer();

    public RecordVerifier(PublicKey key) {
        this(RawKeys.raw(key));
    }

    /** A verifier of the raw 32-byte Ed25519 public key {@code rawKey}. */
    public RecordVerifier(byte[] rawKey) {
        if (rawKey == null || rawKey.length != RawKeys.KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        verifier.init(false, new Ed25519PublicKeyParameters(rawKey, 0));
    }

    /**
     * Whether {@code sig} is a valid signature of a {@code recordType} record with {@code value}. A
     * missing or malformed signature is simply not valid.
     */
    public boolean verify(String recordType, byte[] value, byte[] sig) {
        if (sig == null || sig.length != RawKeys.SIGNATURE_BYTES || value == null) {
            return false;
        }
        byte[] message = SignedRecords.message(recordType, value);
        verifier.reset();
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(sig);
    }
}
