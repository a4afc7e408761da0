package io.fedstream.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * The key pairs of one party (an edge client, the job, the federation operator): an Ed25519 pair
 * that signs its records and an X25519 pair for key agreement (selection tags, and the pairwise
 * keys of secure aggregation). Both come from the JDK's own providers. {@link #toString} never
 * shows a private key.
 */
public final class Identity {
    private final PrivateKey signingKey;
    private final PrivateKey agreementKey;
    private final PublicIdentity publicIdentity;

    Identity(PrivateKey signingKey, PrivateKey agreementKey, PublicIdentity publicIdentity) {
        this.signingKey = signingKey;
        this.agreementKey = agreementKey;
        this.publicIdentity = publicIdentity;
    }

    /**
     * New key pairs from {@code random} (a {@link SecureRandom}; tests pass a seeded one so their
     * keys reproduce).
     */
    public static Identity generate(String name, SecureRandom random) {
        try {
            KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
            ed.initialize(NamedParameterSpec.ED25519, random);
            KeyPair signing = ed.generateKeyPair();
            KeyPairGenerator xdh = KeyPairGenerator.getInstance("X25519");
            xdh.initialize(NamedParameterSpec.X25519, random);
            KeyPair agreement = xdh.generateKeyPair();
            return new Identity(
                    signing.getPrivate(),
                    agreement.getPrivate(),
                    new PublicIdentity(
                            name,
                            RawKeys.raw(signing.getPublic()),
                            RawKeys.raw(agreement.getPublic())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519 or X25519 provider", e);
        }
    }

    /** The Ed25519 private key that signs this party's records. */
    public PrivateKey signingKey() {
        return signingKey;
    }

    /** The X25519 private key of this party's key agreements. */
    public PrivateKey agreementKey() {
        return agreementKey;
    }

    /** What others may know: name and public keys. */
    public PublicIdentity publicIdentity() {
        return publicIdentity;
    }

    /** A signer of this party's records. */
    public RecordSigner signer() {
        return new RecordSigner(signingKey, publicIdentity.keyId());
    }

    @Override
    public String toString() {
        return "Identity{" + publicIdentity + ", private keys not shown}";
    }
}
