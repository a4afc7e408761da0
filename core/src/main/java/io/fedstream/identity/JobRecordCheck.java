package io.fedstream.identity;

import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a reader of the job's records (an edge client, the evaluator) accepts: a record signed with
 * the job's Ed25519 key ({@link SignedRecords}, record type = the Avro record's simple name) whose
 * {@code run_id} is the configured run. Anything else is refused with a {@link Rejection} and never
 * decoded into something the reader acts on. The signature is checked before the value is decoded,
 * so an unsigned record's bytes are never parsed.
 *
 * <p>Not thread-safe (it holds a {@link RecordVerifier}): one per reading thread.
 */
public final class JobRecordCheck {
    /** Why a record was refused, in the order the checks run. */
    public enum Rejection {
        /** No {@link SignedRecords#SIGNATURE_HEADER} header. */
        UNSIGNED,
        /** A signature that is not 64 bytes, or no or a non-ASCII signer header. */
        MALFORMED_HEADER,
        /** Signed by a key other than the job's (the signer header names another key id). */
        OTHER_SIGNER,
        /** The signature does not verify under the job's key over these value bytes. */
        BAD_SIGNATURE,
        /** Signed, but the value is not a record of the expected type. */
        UNDECODABLE,
        /** Signed and decoded, but of another run (or of none). */
        WRONG_RUN
    }

    /** The outcome of {@link #check}: the decoded record, or why it was refused. */
    public sealed interface Result<T> permits Accepted, Rejected {}

    /** A genuine record of the configured run. */
    public record Accepted<T>(T record) implements Result<T> {}

    /**
     * A refused record; {@code detail} says what was found (key ids, run ids, decoder messages;
     * never key material).
     */
    public record Rejected<T>(Rejection why, String detail) implements Result<T> {}

    private final String jobKeyId;
    private final RecordVerifier verifier;
    private final String runId;
    private final VerifiedRecords verified;

    /**
     * @param job the job's public identity (its {@code .pub} file)
     * @param runId the run the reader takes part in; records of any other run are refused
     */
    public JobRecordCheck(PublicIdentity job, String runId) {
        this(job, runId, null);
    }

    /**
     * @param verified signatures already verified in this process (a fleet shares one), or null
     */
    public JobRecordCheck(PublicIdentity job, String runId, VerifiedRecords verified) {
        Objects.requireNonNull(job, "job");
        this.verified = verified;
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId is missing or blank");
        }
        this.jobKeyId = job.keyId();
        this.verifier = job.verifier();
        this.runId = runId;
    }

    /** The run accepted. */
    public String runId() {
        return runId;
    }

    /** The key id of the job's signing key. */
    public String jobKeyId() {
        return jobKeyId;
    }

    /**
     * Checks one record of the job.
     *
     * @param codec the record's codec; its schema's simple name is the signed record type
     * @param runIdOf the record's {@code run_id}
     * @param value the Kafka record's value as read
     * @param signature the value of the {@link SignedRecords#SIGNATURE_HEADER} header, or null
     * @param signer the value of the {@link SignedRecords#SIGNER_HEADER} header, or null
     */
    public <T extends SpecificRecord> Result<T> check(
            WireCodec<T> codec,
            Function<T, String> runIdOf,
            byte[] value,
            byte[] signature,
            byte[] signer) {
        return check(codec, runIdOf, value, signature, signer, null);
    }

    /**
     * As {@link #check(WireCodec, Function, byte[], byte[], byte[])} for the record at {@code
     * position} (topic, partition and offset; null if unknown): a signature this process verified
     * at that position before is not verified again.
     */
    public <T extends SpecificRecord> Result<T> check(
            WireCodec<T> codec,
            Function<T, String> runIdOf,
            byte[] value,
            byte[] signature,
            byte[] signer,
            String position) {
        String type = codec.schema().getName();
        if (signature == null) {
            return new Rejected<>(Rejection.UNSIGNED, type + " without a signature");
        }
        if (signature.length != RawKeys.SIGNATURE_BYTES) {
            return new Rejected<>(
                    Rejection.MALFORMED_HEADER,
                    type
                            + " signature of "
                            + signature.length
                            + " bytes, expected "
                            + RawKeys.SIGNATURE_BYTES);
        }
        if (signer == null) {
            return new Rejected<>(Rejection.MALFORMED_HEADER, type + " without a signer header");
        }
        String signerId = ascii(signer);
        if (signerId == null) {
            return new Rejected<>(Rejection.MALFORMED_HEADER, type + " signer header not ASCII");
        }
        if (!signerId.equals(jobKeyId)) {
            return new Rejected<>(
                    Rejection.OTHER_SIGNER,
                    type + " signed by key " + signerId + ", not the job's " + jobKeyId);
        }
        boolean known =
                position != null && verified != null && verified.contains(position, signature);
        if (!known) {
            if (value == null || !verifier.verify(type, value, signature)) {
                return new Rejected<>(
                        Rejection.BAD_SIGNATURE,
                        type + " signature does not verify under the job's key " + jobKeyId);
            }
            if (position != null && verified != null) {
                verified.add(position, signature);
            }
        }
        T record;
        try {
            record = codec.decode(value);
        } catch (WireFormatException e) {
            return new Rejected<>(
                    Rejection.UNDECODABLE, type + " " + e.kind() + ": " + e.getMessage());
        }
        String recordRun = runIdOf.apply(record);
        if (!runId.equals(recordRun)) {
            return new Rejected<>(
                    Rejection.WRONG_RUN,
                    type + " of run " + recordRun + ", this reader's run is " + runId);
        }
        return new Accepted<>(record);
    }

    /** The header as a printable ASCII string (a key id is hex), or null if it is not one. */
    private static String ascii(byte[] b) {
        if (b.length > 64) {
            return null;
        }
        for (byte c : b) {
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }
}
