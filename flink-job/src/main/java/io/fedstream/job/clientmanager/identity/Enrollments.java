package io.fedstream.job.clientmanager.identity;

import io.fedstream.job.types.Enrollment;
import java.util.Arrays;

/**
 * Which enrollment record holds for a client id: the one the operator issued last. An older or
 * equally old record is ignored, so an old enrollment replayed onto the topic cannot undo a later
 * revocation, and a revoked signing key never comes back under that id.
 */
public final class Enrollments {
    /** Revoked keys remembered per client id (the oldest are forgotten first). */
    public static final int MAX_REVOKED_KEYS = 16;

    private Enrollments() {}

    /** What {@link #apply} did with an enrollment record. */
    public enum Change {
        /** First enrollment of this client id, or a renewal. */
        ENROLLED,
        /** The client is revoked from now on. */
        REVOKED,
        /** Not later than the record held: nothing changes. */
        STALE,
        /** An enrollment of a key revoked before: refused, nothing changes. */
        KEY_REVOKED
    }

    /** The result: the state to keep (null: none) and what changed. */
    public record Applied(Enrollment state, Change change) {}

    public static Applied apply(Enrollment current, Enrollment record) {
        if (current != null && record.issuedAt <= current.issuedAt) {
            return new Applied(current, Change.STALE);
        }
        byte[] revoked = current == null ? new byte[0] : current.revokedKeys;
        if (!record.active) {
            Enrollment next = copy(record);
            next.revokedKeys = remember(revoked, record.signingKey);
            if (current != null && !Arrays.equals(current.signingKey, record.signingKey)) {
                next.revokedKeys = remember(next.revokedKeys, current.signingKey);
            }
            return new Applied(next, Change.REVOKED);
        }
        if (contains(revoked, record.signingKey)) {
            return new Applied(current, Change.KEY_REVOKED);
        }
        Enrollment next = copy(record);
        next.revokedKeys = revoked;
        return new Applied(next, Change.ENROLLED);
    }

    private static boolean contains(byte[] keys, byte[] key) {
        for (int i = 0; i + key.length <= keys.length; i += key.length) {
            if (Arrays.equals(keys, i, i + key.length, key, 0, key.length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] remember(byte[] keys, byte[] key) {
        if (contains(keys, key)) {
            return keys;
        }
        byte[] joined = Arrays.copyOf(keys, keys.length + key.length);
        System.arraycopy(key, 0, joined, keys.length, key.length);
        int max = MAX_REVOKED_KEYS * key.length;
        return joined.length > max
                ? Arrays.copyOfRange(joined, joined.length - max, joined.length)
                : joined;
    }

    private static Enrollment copy(Enrollment e) {
        Enrollment c = new Enrollment();
        c.clientId = e.clientId;
        c.active = e.active;
        c.signingKey = e.signingKey;
        c.agreementKey = e.agreementKey;
        c.notBefore = e.notBefore;
        c.notAfter = e.notAfter;
        c.issuedAt = e.issuedAt;
        return c;
    }
}
