package io.fedstream.identity;

import static io.fedstream.identity.SignedRecordsTest.seeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.WireCodec;
import io.fedstream.identity.JobRecordCheck.Accepted;
import io.fedstream.identity.JobRecordCheck.Rejected;
import io.fedstream.identity.JobRecordCheck.Rejection;
import io.fedstream.identity.JobRecordCheck.Result;
import io.fedstream.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobRecordCheckTest {
    private static final WireCodec<GlobalModel> CODEC = Codecs.globalModel();
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:2-2-2");

    private Identity job;
    private Identity other;
    private JobRecordCheck check;

    @BeforeEach
    void setUp() throws Exception {
        job = Identity.generate("job", seeded(11));
        other = Identity.generate("intruder", seeded(12));
        check = new JobRecordCheck(job.publicIdentity(), "run-7");
    }

    private static GlobalModel model(String runId, long version, boolean complete) {
        return GlobalModel.newBuilder()
                .setModelId("m")
                .setVersion(version)
                .setModelSpec(SPEC.toString())
                .setParameters(TensorCodec.dense(new float[SPEC.numParameters()], SPEC.shapes()))
                .setCreatedAt(Instant.EPOCH)
                .setTrainingComplete(complete)
                .setRunId(runId)
                .build();
    }

    /** The signature as the JDK computes it over the documented message, not by RecordSigner. */
    private static byte[] jdkSign(Identity id, String type, byte[] value) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(id.signingKey());
        s.update(
                concat(
                        ("FedStream signed record v1\0" + type + "\0")
                                .getBytes(StandardCharsets.US_ASCII),
                        value));
        return s.sign();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] keyId(Identity id) {
        return id.publicIdentity().keyId().getBytes(StandardCharsets.US_ASCII);
    }

    private Result<GlobalModel> run(byte[] value, byte[] sig, byte[] signer) {
        return check.check(CODEC, GlobalModel::getRunId, value, sig, signer);
    }

    private static Rejection why(Result<GlobalModel> r) {
        assertThat(r).isInstanceOf(Rejected.class);
        return ((Rejected<GlobalModel>) r).why();
    }

    @Test
    void acceptsTheJobsSignedRecordOfTheRun() throws Exception {
        byte[] value = CODEC.encode(model("run-7", 3, false));
        Result<GlobalModel> r = run(value, jdkSign(job, "GlobalModel", value), keyId(job));
        assertThat(r).isInstanceOf(Accepted.class);
        assertThat(((Accepted<GlobalModel>) r).record().getVersion()).isEqualTo(3);
    }

    @Test
    void refusesAnUnsignedRecord() {
        byte[] value = CODEC.encode(model("run-7", 1L << 62, true));
        assertThat(why(run(value, null, null))).isEqualTo(Rejection.UNSIGNED);
        assertThat(why(run(value, null, keyId(job)))).isEqualTo(Rejection.UNSIGNED);
    }

    @Test
    void refusesMalformedHeaders() throws Exception {
        byte[] value = CODEC.encode(model("run-7", 3, false));
        byte[] sig = jdkSign(job, "GlobalModel", value);
        assertThat(why(run(value, new byte[63], keyId(job)))).isEqualTo(Rejection.MALFORMED_HEADER);
        assertThat(why(run(value, new byte[0], keyId(job)))).isEqualTo(Rejection.MALFORMED_HEADER);
        assertThat(why(run(value, sig, null))).isEqualTo(Rejection.MALFORMED_HEADER);
        assertThat(why(run(value, sig, new byte[] {(byte) 0xff, 0})))
                .isEqualTo(Rejection.MALFORMED_HEADER);
    }

    @Test
    void refusesARecordSignedByAnotherKey() throws Exception {
        byte[] value = CODEC.encode(model("run-7", 1L << 62, true));
        // honest about its signer
        assertThat(why(run(value, jdkSign(other, "GlobalModel", value), keyId(other))))
                .isEqualTo(Rejection.OTHER_SIGNER);
        // claiming to be the job
        assertThat(why(run(value, jdkSign(other, "GlobalModel", value), keyId(job))))
                .isEqualTo(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesEveryFlippedBitOfTheValueAndOfTheSignature() throws Exception {
        byte[] value = CODEC.encode(model("run-7", 3, false));
        byte[] sig = jdkSign(job, "GlobalModel", value);
        for (int bit = 0; bit < value.length * 8; bit++) {
            byte[] flipped = value.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(why(run(flipped, sig, keyId(job))))
                    .as("value bit %d", bit)
                    .isEqualTo(Rejection.BAD_SIGNATURE);
        }
        for (int bit = 0; bit < sig.length * 8; bit++) {
            byte[] flipped = sig.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(why(run(value, flipped, keyId(job))))
                    .as("signature bit %d", bit)
                    .isEqualTo(Rejection.BAD_SIGNATURE);
        }
    }

    @Test
    void refusesASignatureOfAnotherRecordType() throws Exception {
        byte[] value = CODEC.encode(model("run-7", 3, false));
        assertThat(why(run(value, jdkSign(job, "RoundTask", value), keyId(job))))
                .isEqualTo(Rejection.BAD_SIGNATURE);
    }

    @Test
    void refusesASignedRecordOfAnotherRunOrOfNone() throws Exception {
        for (String run : new String[] {"run-6", null}) {
            byte[] value = CODEC.encode(model(run, 3, false));
            assertThat(why(run(value, jdkSign(job, "GlobalModel", value), keyId(job))))
                    .as("run %s", run)
                    .isEqualTo(Rejection.WRONG_RUN);
        }
    }

    @Test
    void refusesSignedBytesThatDoNotDecode() throws Exception {
        byte[] value = {1, 2, 3};
        assertThat(why(run(value, jdkSign(job, "GlobalModel", value), keyId(job))))
                .isEqualTo(Rejection.UNDECODABLE);
    }

    @Test
    void countsSayWhenACauseIsFirstSeen() {
        RejectionCounts counts = new RejectionCounts();
        assertThat(counts.count(Rejection.UNSIGNED)).isTrue();
        assertThat(counts.count(Rejection.UNSIGNED)).isFalse();
        assertThat(counts.count(Rejection.WRONG_RUN)).isTrue();
        assertThat(counts.count(Rejection.UNSIGNED)).isFalse();
        assertThat(counts.get(Rejection.UNSIGNED)).isEqualTo(3);
        assertThat(counts.get(Rejection.WRONG_RUN)).isEqualTo(1);
        assertThat(counts.get(Rejection.BAD_SIGNATURE)).isZero();
        assertThat(counts.total()).isEqualTo(4);
    }

    /**
     * A fleet's clients share the verified signatures: a second client skips the check of a record
     * a first one verified at the same position, but a forgery at that position (another signature)
     * or a record elsewhere is verified, so the memo accepts nothing unverified.
     */
    @Test
    void aSharedMemoSkipsOnlyWhatWasVerifiedAtThatPosition() throws Exception {
        VerifiedRecords memo = new VerifiedRecords();
        JobRecordCheck first = new JobRecordCheck(job.publicIdentity(), "run-7", memo);
        JobRecordCheck second = new JobRecordCheck(job.publicIdentity(), "run-7", memo);
        byte[] value = CODEC.encode(model("run-7", 3, false));
        byte[] sig = jdkSign(job, "GlobalModel", value);
        assertThat(memo.contains("models-0@5", sig)).isFalse();
        assertThat(first.check(CODEC, GlobalModel::getRunId, value, sig, keyId(job), "models-0@5"))
                .isInstanceOf(Accepted.class);
        assertThat(memo.contains("models-0@5", sig)).isTrue();
        assertThat(second.check(CODEC, GlobalModel::getRunId, value, sig, keyId(job), "models-0@5"))
                .isInstanceOf(Accepted.class);

        byte[] forged = CODEC.encode(model("run-7", 1L << 62, true));
        byte[] forgedSig = jdkSign(other, "GlobalModel", forged);
        assertThat(
                        why(
                                second.check(
                                        CODEC,
                                        GlobalModel::getRunId,
                                        forged,
                                        forgedSig,
                                        keyId(job),
                                        "models-0@5")))
                .isEqualTo(Rejection.BAD_SIGNATURE);
        // The verified signature replayed with other bytes at a new position: verified, refused.
        assertThat(
                        why(
                                second.check(
                                        CODEC,
                                        GlobalModel::getRunId,
                                        forged,
                                        sig,
                                        keyId(job),
                                        "models-0@6")))
                .isEqualTo(Rejection.BAD_SIGNATURE);
    }
}
