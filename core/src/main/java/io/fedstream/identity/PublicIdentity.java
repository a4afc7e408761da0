package io.fedstream.identity;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/** A party's name and its two raw public keys (Ed25519 for signatures, X25519 for agreement). */
public final class PublicIdentity {
    private final String name;
    private final byte[] signingKey;
    private final byte[] agreementKey;

    public PublicIdentity(String name, byte[] signingKey, byte[] agreementKey) {
        this.name = Objects.requireNonNull(name, "name");
        RawKeys.ed25519Public(signingKey); // refuses a malformed key now, not at first use
        RawKeys.x25519Public(agreementKey);
        this.signingKey = signingKey.clone();
        this.agreementKey = agreementKey.clone();
    }

    public String name() {
        return name;
    }

    /** The raw 32-byte Ed25519 public key. */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** The raw 32-byte X25519 public key. */
    public byte[] agreementKey() {
        return agreementKey.clone();
    }

    public PublicKey signingPublicKey() {
        return RawKeys.ed25519Public(signingKey);
    }

    /** The public name of the signing key ({@link RawKeys#keyId}). */
    public String keyId() {
        return RawKeys.keyId(signingKey);
    }

    /** A verifier of this party's signatures. */
    public RecordVerifier verifier() {
        return new RecordVerifier(signingKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicIdentity
                && name.equals(((PublicIdentity) o).name)
                && Arrays.equals(signingKey, ((PublicIdentity) o).signingKey)
                && Arrays.equals(agreementKey, ((PublicIdentity) o).agreementKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(signingKey), Arrays.hashCode(agreementKey));
    }

    @Override
    public String toString() {
        return name + " (key " + keyId() + ")";
    }
}
