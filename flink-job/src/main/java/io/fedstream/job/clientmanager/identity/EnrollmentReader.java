package io.fedstream.job.clientmanager.identity;

import io.fedstream.avro.ClientEnrollment;
import io.fedstream.avro.EnrollmentStatus;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.identity.RawKeys;
import io.fedstream.identity.RecordVerifier;
import io.fedstream.job.round.BoundedText;
import io.fedstream.job.round.IdRules;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import java.nio.ByteBuffer;

/**
 * Reads one record of the enrollment topic: it must carry the federation operator's signature, and
 * its fields must make sense (a valid client id, two valid 32-byte public keys, a validity period
 * that ends after it starts). Stateless; which record wins for a client id is {@link Enrollments}'
 * decision.
 */
public final class EnrollmentReader {
    private final WireCodec<ClientEnrollment> codec = Codecs.clientEnrollment();
    private final RecordVerifier operator;

    public EnrollmentReader(RecordVerifier operator) {
        this.operator = operator;
    }

    /** Either an enrollment or why the record is refused; never both. */
    public record Outcome(Enrollment accepted, Rejection rejection) {}

    public Outcome read(byte[] value, byte[] signature) {
        if (!operator.verify("ClientEnrollment", value, signature)) {
            return refuse(
                    ReasonCode.BAD_SIGNATURE,
                    signature == null
                            ? "enrollment record without the operator's signature"
                            : "enrollment record whose signature is not the operator's",
                    null);
        }
        ClientEnrollment e;
        try {
            e = codec.decode(value);
        } catch (WireFormatException ex) {
            return refuse(UpdateValidator.reasonFor(ex), ex.getMessage(), null);
        }
        String badId = IdRules.violation("client_id", e.getClientId());
        if (badId != null) {
            return refuse(ReasonCode.BAD_ID, badId, null);
        }
        String id = BoundedText.cap(e.getClientId(), IdRules.MAX_ID_CODE_POINTS);
        byte[] signing = bytes(e.getSigningKey());
        byte[] agreement = bytes(e.getAgreementKey());
        try {
            RawKeys.ed25519Public(signing);
            RawKeys.x25519Public(agreement);
        } catch (IllegalArgumentException ex) {
            return refuse(ReasonCode.BAD_ENROLLMENT, "public key: " + ex.getMessage(), id);
        }
        long notBefore = e.getNotBefore().toEpochMilli();
        long notAfter = e.getNotAfter().toEpochMilli();
        if (notAfter <= notBefore) {
            return refuse(
                    ReasonCode.BAD_ENROLLMENT,
                    "not_after " + notAfter + " is not after not_before " + notBefore,
                    id);
        }
        Enrollment out = new Enrollment();
        out.clientId = e.getClientId();
        out.active = e.getStatus() == EnrollmentStatus.ACTIVE;
        out.signingKey = signing;
        out.agreementKey = agreement;
        out.notBefore = notBefore;
        out.notAfter = notAfter;
        out.issuedAt = e.getIssuedAt().toEpochMilli();
        return new Outcome(out, null);
    }

    private static Outcome refuse(ReasonCode reason, String detail, String clientId) {
        return new Outcome(null, new Rejection(reason, detail, clientId, null));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
