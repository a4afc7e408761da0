package io.fedstream.job.types;

/**
 * A client's enrollment as the job holds it (keyed state of the authentication operators, and the
 * event that updates it): the operator-signed facts of the latest ClientEnrollment record the job
 * accepted for this client id.
 */
public class Enrollment {
    public String clientId;

    /** False once revoked (a REVOKED record). */
    public boolean active;

    /** Raw 32-byte Ed25519 public key. */
    public byte[] signingKey;

    /** Raw 32-byte X25519 public key. */
    public byte[] agreementKey;

    /** Validity, in broker timestamps (milliseconds): [notBefore, notAfter). */
    public long notBefore;

    public long notAfter;

    /** When the operator signed it; a record not later than this one is ignored. */
    public long issuedAt;

    /**
     * The signing keys revoked for this client id, 32 bytes each, end to end (at most {@link
     * io.fedstream.job.clientmanager.identity.Enrollments#MAX_REVOKED_KEYS}): a later enrollment
     * may not bring one back.
     */
    public byte[] revokedKeys = new byte[0];

    public Enrollment() {}
}
