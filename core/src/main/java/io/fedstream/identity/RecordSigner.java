package io.fedstream.identity;

import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs records with one Ed25519 key ({@link SignedRecords}). The signature is RFC 8032's pure
 * Ed25519 (deterministic: every implementation gives the same bytes), computed with Bouncy Castle's
 * lightweight API: 4 times faster than the JDK 17 provider's for a 31 KB update, as fast for a 407
 * KB one, where hashing the message dominates ({@code SignatureBenchmark}, docs/performance.md);
 * the tests check it against the JDK's. Not thread-safe: one per thread or operator instance.
 */
public final class RecordSigner {
    private final Ed25519Signer signer = new Ed25519Signer();
    private final String keyId;

    RecordSigner(PrivateKey key, String keyId) {
        if (!(key instanceof EdECPrivateKey ed)) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
        }
        byte[] seed =
                ed.getBytes()
                        .orElseThrow(() -> new IllegalArgumentException("Ed25519 key has no seed"));
        signer.init(true, new Ed25519PrivateKeyParameters(seed, 0));
        this.keyId = keyId;
    }

    /** The 64-byte signature of a {@code recordType} record whose value is {@code value}. */
    public byte[] sign(String recordType, byte[] value) {
        byte[] message = SignedRecords.message(recordType, value);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** The signer's key id, for the {@link SignedRecords#SIGNER_HEADER} header. */
    public String keyId() {
        return keyId;
    }
}
