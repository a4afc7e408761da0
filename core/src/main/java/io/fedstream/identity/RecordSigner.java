package io.fedstream.identity;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * Signs records with one Ed25519 key ({@link SignedRecords}). Not thread-safe: one per thread or
 * operator instance.
 */
public final class RecordSigner {
    private final Signature signature;
    private final String keyId;

    RecordSigner(PrivateKey key, String keyId) {
        try {
            this.signature = Signature.getInstance("Ed25519");
            this.signature.initSign(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        }
        this.keyId = keyId;
    }

    /** The 64-byte signature of a {@code recordType} record whose value is {@code value}. */
    public byte[] sign(String recordType, byte[] value) {
        try {
            signature.update(SignedRecords.message(recordType, value));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** The signer's key id, for the {@link SignedRecords#SIGNER_HEADER} header. */
    public String keyId() {
        return keyId;
    }
}
