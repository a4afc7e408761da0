package io.fedstream.identity;

import java.nio.charset.StandardCharsets;

/**
 * How a FedStream record is signed (the wire contract's "Signed records"): an Ed25519 signature
 * (RFC 8032, pure Ed25519) over
 *
 * <pre>
 *   "FedStream signed record v1" 0x00 recordType 0x00 value
 * </pre>
 *
 * where {@code recordType} is the Avro record's simple name (for example {@code ModelUpdate}) and
 * {@code value} is the Kafka record's value exactly as written (Avro single-object encoding). The
 * signature travels in the Kafka header {@link #SIGNATURE_HEADER} (64 raw bytes), the signer's key
 * id ({@link RawKeys#keyId}, ASCII hex) in {@link #SIGNER_HEADER}. What binds a record to its
 * context (run id, model id, round, base version, sequence) is inside the value, so it is signed.
 */
public final class SignedRecords {
    public static final String SIGNATURE_HEADER = "fedstream-signature";
    public static final String SIGNER_HEADER = "fedstream-signer";

    private static final byte[] DOMAIN =
            "FedStream signed record v1".getBytes(StandardCharsets.US_ASCII);

    private SignedRecords() {}

    /** The bytes that are signed for a record of {@code recordType} with {@code value}. */
    public static byte[] message(String recordType, byte[] value) {
        byte[] type = recordType.getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[DOMAIN.length + 1 + type.length + 1 + value.length];
        System.arraycopy(DOMAIN, 0, m, 0, DOMAIN.length);
        System.arraycopy(type, 0, m, DOMAIN.length + 1, type.length);
        System.arraycopy(value, 0, m, DOMAIN.length + 2 + type.length, value.length);
        return m;
    }
}
