package io.fedstream.edge;

import io.fedstream.identity.Identity;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Identities for tests: keys from a seeded SecureRandom, so that they reproduce. */
public final class TestIdentities {
    private TestIdentities() {}

    /** A SecureRandom that gives the same bytes for the same seed (SHA1PRNG seeded first). */
    public static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity named {@code name} from seed {@code seed}. */
    public static Identity identity(String name, long seed) {
        return Identity.generate(name, seeded(seed));
    }
}
