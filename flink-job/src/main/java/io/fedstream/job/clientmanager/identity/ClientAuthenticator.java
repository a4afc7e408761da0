package io.fedstream.job.clientmanager.identity;

import io.fedstream.avro.ReasonCode;
import io.fedstream.identity.RawKeys;
import io.fedstream.identity.RecordVerifier;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import java.util.Objects;

/**
 * Decides whether a record really comes from the client it names, before any state of the job
 * changes: the client is enrolled, not revoked, the record is signed by its enrolled key over the
 * exact bytes received, the broker stamped it within the enrollment's validity, it belongs to this
 * run, and its sequence number is above every one accepted from that client before (so a replay, in
 * this round or a later one, is refused). A replay under another client id fails the signature,
 * because the id is part of the signed bytes and the key is that other client's.
 *
 * <p>The checks run in that order, so what an attacker without the key learns is at most whether an
 * id is enrolled.
 */
public final class ClientAuthenticator {
    private final String runId;

    /**
     * @param runId this job's run; records of another run are WRONG_RUN
     */
    public ClientAuthenticator(String runId) {
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** A signed record of one client, as far as authentication looks at it. */
    public record Signed(
            String recordType,
            String clientId,
            byte[] value,
            byte[] signature,
            long brokerTime,
            String runId,
            Long sequence) {}

    /**
     * Null if {@code record} is authentic and new, else why not.
     *
     * @param enrollment what the job holds for the record's client id, or null
     * @param lastSequence the highest sequence accepted from that client, or null
     */
    public Rejection check(Enrollment enrollment, Long lastSequence, Signed record) {
        if (enrollment == null) {
            return refuse(ReasonCode.UNKNOWN_CLIENT, "client is not enrolled", record);
        }
        if (!enrollment.active) {
            return refuse(ReasonCode.REVOKED, "client's enrollment is revoked", record);
        }
        RecordVerifier verifier = new RecordVerifier(enrollment.signingKey);
        if (!verifier.verify(record.recordType(), record.value(), record.signature())) {
            return refuse(
                    ReasonCode.BAD_SIGNATURE,
                    record.signature() == null
                            ? "record carries no signature"
                            : "signature does not verify with the client's enrolled key "
                                    + RawKeys.keyId(enrollment.signingKey),
                    record);
        }
        if (record.brokerTime() < enrollment.notBefore
                || record.brokerTime() >= enrollment.notAfter) {
            return refuse(
                    ReasonCode.EXPIRED,
                    "broker time "
                            + record.brokerTime()
                            + " is outside the enrollment's validity ["
                            + enrollment.notBefore
                            + ", "
                            + enrollment.notAfter
                            + ")",
                    record);
        }
        if (!runId.equals(record.runId())) {
            return refuse(
                    ReasonCode.WRONG_RUN,
                    record.runId() == null
                            ? "record carries no run id, expected this job's run"
                            : "record is of another run than this job's",
                    record);
        }
        if (record.sequence() == null) {
            return refuse(ReasonCode.REPLAYED, "record carries no sequence number", record);
        }
        if (lastSequence != null && record.sequence() <= lastSequence) {
            return refuse(
                    ReasonCode.REPLAYED,
                    "sequence "
                            + record.sequence()
                            + " is not above the last accepted from this client, "
                            + lastSequence,
                    record);
        }
        return null;
    }

    private static Rejection refuse(ReasonCode reason, String detail, Signed record) {
        return new Rejection(reason, detail, record.clientId(), null);
    }
}
