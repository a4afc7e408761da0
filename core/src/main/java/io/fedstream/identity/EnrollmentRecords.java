package io.fedstream.identity;

import io.fedstream.avro.ClientEnrollment;
import io.fedstream.avro.EnrollmentStatus;
import io.fedstream.contract.Codecs;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/**
 * The federation operator's side of enrollment: ClientEnrollment values for the enrollment topic,
 * signed with the operator's key. A value and its signature go out together, the signature in the
 * record's {@code fedstream-signature} header, keyed by client id.
 */
public final class EnrollmentRecords {
    public static final String RECORD_TYPE = "ClientEnrollment";

    private EnrollmentRecords() {}

    /** A value and the operator's signature of it. */
    public record Signed(String clientId, byte[] value, byte[] signature, String signer) {}

    /** Enrolls {@code client} (its name is the client id) for [notBefore, notAfter). */
    public static Signed enroll(
            Identity operator,
            PublicIdentity client,
            Instant notBefore,
            Instant notAfter,
            Map<String, String> attributes,
            Instant issuedAt) {
        return sign(
                operator,
                record(client, EnrollmentStatus.ACTIVE, notBefore, notAfter, issuedAt)
                        .setAttributes(Map.copyOf(attributes))
                        .build());
    }

    /** Revokes {@code client}'s keys from {@code issuedAt} on, for good. */
    public static Signed revoke(
            Identity operator, PublicIdentity client, Instant issuedAt, String reason) {
        return sign(
                operator,
                record(client, EnrollmentStatus.REVOKED, issuedAt, issuedAt.plusMillis(1), issuedAt)
                        .setAttributes(Map.of())
                        .setReason(reason)
                        .build());
    }

    private static ClientEnrollment.Builder record(
            PublicIdentity client,
            EnrollmentStatus status,
            Instant notBefore,
            Instant notAfter,
            Instant issuedAt) {
        return ClientEnrollment.newBuilder()
                .setClientId(client.name())
                .setStatus(status)
                .setSigningKey(ByteBuffer.wrap(client.signingKey()))
                .setAgreementKey(ByteBuffer.wrap(client.agreementKey()))
                .setNotBefore(notBefore)
                .setNotAfter(notAfter)
                .setIssuedAt(issuedAt);
    }

    private static Signed sign(Identity operator, ClientEnrollment record) {
        byte[] value = Codecs.clientEnrollment().encode(record);
        RecordSigner signer = operator.signer();
        return new Signed(
                record.getClientId(), value, signer.sign(RECORD_TYPE, value), signer.keyId());
    }
}
