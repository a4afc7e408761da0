package io.fedstream.identity;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Verifies records signed with one Ed25519 key ({@link SignedRecords}). Not thread-safe: one per
 * thread or operator instance.
 */
public final class RecordVerifier {
    private final PublicKey key;
    private final Signature signature;

    public RecordVerifier(PublicKey key) {
        this.key = key;
        try {
            this.signature = Signature.getInstance("Ed25519");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /**
     * Whether {@code sig} is a valid signature of a {@code recordType} record with {@code value}. A
     * missing or malformed signature is simply not valid.
     */
    public boolean verify(String recordType, byte[] value, byte[] sig) {
        if (sig == null || sig.length != RawKeys.SIGNATURE_BYTES || value == null) {
            return false;
        }
        try {
            signature.initVerify(key);
            signature.update(SignedRecords.message(recordType, value));
            return signature.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
