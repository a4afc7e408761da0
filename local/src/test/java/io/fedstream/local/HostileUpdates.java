package io.fedstream.local;

import static io.fedstream.avro.ReasonCode.*;
import static io.fedstream.local.HostileCase.toUpdates;
import static io.fedstream.local.HostileCase.utf8;
import static io.fedstream.local.HostileRecords.*;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catalogue's updates that the job refuses on their own, whatever the round state: bytes that
 * are no update, fields out of range, tensors broken in their encoding, bad ids and records at the
 * size limits. Each claims to be an update of {@code victim} (a client selected for the round)
 * unless its fault is the id, so that none may cost the victim its real update.
 *
 * <p>Tensor byte layouts (8 coordinates, logreg:3-2) follow docs/wire-format.md: SPARSE_F32 is a
 * mode byte (0 delta, 1 bitmap, 2 rice), the count and the index gaps as zig-zag varints (so 2
 * stands for 1, 3 for -2), then the float32 values; Q8 a float32 scale per 256 values, then the
 * int8 codes. Floats are little-endian: {@code 00 00 80 3F} is 1.0, {@code 00 00 C0 7F} NaN, {@code
 * 00 00 80 7F} +Inf, {@code 00 00 80 BF} -1.0.
 */
final class HostileUpdates {
    private static final TensorEncoding SPARSE = TensorEncoding.SPARSE_F32;
    private static final TensorEncoding Q8 = TensorEncoding.DENSE_Q8;
    private static final TensorEncoding SPARSE_Q8 = TensorEncoding.SPARSE_Q8;

    private final String victim;
    private final long round;
    private final List<HostileCase> out = new ArrayList<>();

    private HostileUpdates(String victim, long round) {
        this.victim = victim;
        this.round = round;
    }

    /** Every case of this class for {@code round}, claiming to come from {@code victim}. */
    static List<HostileCase> all(String victim, long round) {
        HostileUpdates c = new HostileUpdates(victim, round);
        c.notAnUpdate();
        c.badFields();
        c.badTensors();
        c.badIds();
        c.atTheLimits();
        return c.out;
    }

    /** Bytes that do not decode as one ModelUpdate of the current schema. */
    private void notAnUpdate() {
        byte[] valid = bytes(u());
        byte[] hugeLength = Arrays.copyOf(valid, 15);
        // client_id's length: zig-zag 2^30 as a varint, a 1 GiB string in a 15-byte record.
        byte[] varint = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 8};
        System.arraycopy(varint, 0, hugeLength, 10, varint.length);
        add("garbage bytes", UNDECODABLE, garbage(64, 1));
        add("empty value", UNDECODABLE, new byte[0]);
        add("tombstone (null value)", UNDECODABLE, (byte[]) null);
        add("truncated record", UNDECODABLE, Arrays.copyOf(valid, valid.length / 2));
        add("valid record + trailing bytes", UNDECODABLE, Arrays.copyOf(valid, valid.length + 3));
        add("length prefix of 2^30", UNDECODABLE, hugeLength);
        add("unknown schema fingerprint", UNKNOWN_SCHEMA, unknownFingerprint(valid));
    }

    /** Decodable updates with a field no honest client sends. */
    private void badFields() {
        float[] nan = delta(0.3f);
        nan[5] = Float.NaN;
        float[] inf = delta(0.3f);
        inf[0] = Float.POSITIVE_INFINITY;
        add("wrong model id", WRONG_MODEL, u().setModelId("someone-else"));
        add("NaN delta", NON_FINITE, update(victim, round, 10, nan));
        add("+Inf delta", NON_FINITE, update(victim, round, 10, inf));
        add("num_samples 0", BAD_NUM_SAMPLES, u().setNumSamples(0));
        add("num_samples negative", BAD_NUM_SAMPLES, u().setNumSamples(-40));
        add("round 0", BAD_ROUND, u().setRound(0).setBaseVersion(0));
        add("round negative", BAD_ROUND, u().setRound(Long.MIN_VALUE).setBaseVersion(0));
        add("NaN training loss", BAD_TRAINING_STATS, u().setTrainingLoss(Double.NaN));
        add("negative training loss", BAD_TRAINING_STATS, u().setTrainingLoss(-1));
        add("negative training time", BAD_TRAINING_STATS, u().setTrainingTimeMs(-5));
    }

    /** Deltas broken in their encoding: dense, sparse and Q8 (8 coordinates). */
    private void badTensors() {
        ModelUpdate.Builder unknown = u();
        unknown.getDelta().setEncoding(TensorEncoding.UNKNOWN);
        add("unsupported encoding (UNKNOWN)", UNSUPPORTED_ENCODING, unknown);
        add(
                "shape mismatch",
                SHAPE_MISMATCH,
                u().setDelta(
                                TensorCodec.dense(
                                        new float[10], ModelSpec.parse("logreg:4-2").shapes())));
        ModelUpdate.Builder huge = u();
        huge.getDelta().setShapes(List.of(List.of(1 << 16, 1 << 16)));
        add("shape of 2^32 values", SHAPE_MISMATCH, huge);
        ModelUpdate.Builder shortData = u();
        shortData.getDelta().setData(ByteBuffer.wrap(new byte[12]));
        add("dense data too short", LENGTH_MISMATCH, shortData);
        ModelUpdate.Builder longData = u();
        longData.getDelta().setData(ByteBuffer.wrap(new byte[33]));
        add("dense data one byte too long", LENGTH_MISMATCH, longData);
        // nnz 1, gap 9: index 8 of 8.
        raw("sparse index out of range", INDEX_OUT_OF_RANGE, SPARSE, 0, 2, 18, 0, 0, 0x80, 0x3F);
        // nnz 2, gaps 5 then -2.
        raw("sparse indices unsorted", UNSORTED_INDICES, SPARSE, 0, 4, 10, 3, 0, 0, 0, 0, 0, 0);
        // nnz 2, gaps 2 then 0.
        raw("sparse duplicate index", DUPLICATE_INDEX, SPARSE, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0);
        raw("sparse NaN value", NON_FINITE, SPARSE, 0, 2, 2, 0, 0, 0xC0, 0x7F);
        raw("sparse count 9 of 8", LENGTH_MISMATCH, SPARSE, 0, 18, 2, 0, 0, 0x80, 0x3F);
        raw("sparse index mode 7", UNSUPPORTED_ENCODING, SPARSE, 7, 2, 2, 0, 0, 0x80, 0x3F);
        // RICE parameter 31 (0..30 allowed).
        raw("sparse rice parameter 31", UNSUPPORTED_ENCODING, SPARSE, 2, 2, 31, 0, 0, 0, 0);
        // BITMAP announcing 2 indices and setting 1.
        raw("sparse bitmap count mismatch", LENGTH_MISMATCH, SPARSE, 1, 4, 1, 0, 0, 0, 0, 0, 0);
        raw("Q8 code -128", BAD_SCALE, Q8, 0, 0, 0x80, 0x3F, 0, 0, 0x80, 0, 0, 0, 0, 0);
        raw("Q8 NaN scale", BAD_SCALE, Q8, 0, 0, 0xC0, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8);
        raw("Q8 negative scale", BAD_SCALE, Q8, 0, 0, 0x80, 0xBF, 1, 2, 3, 4, 5, 6, 7, 8);
        raw("Q8 +Inf scale", BAD_SCALE, Q8, 0, 0, 0x80, 0x7F, 1, 2, 3, 4, 5, 6, 7, 8);
        raw("sparse Q8 code -128", BAD_SCALE, SPARSE_Q8, 0, 2, 2, 0, 0, 0x80, 0x3F, 0x80);
    }

    /** Client and model ids that break IdRules (1-128 printable code points). */
    private void badIds() {
        String[][] ids = {
            {"client id of 10,000 chars", "c".repeat(10_000)},
            {"client id of 129 code points", "\uD83D\uDE00".repeat(129)},
            {"client id with a control char", "ali\u0007ce"},
            {"client id with a zero-width char", "ali\u200Bce"},
            {"client id with a bidi override", "\u202Eecila"},
            {"empty client id", ""},
        };
        for (String[] id : ids) {
            out.add(toUpdates(id[0], BAD_ID, id[1], bytes(update(id[1], round, 10, delta(1)))));
        }
        add("model id with a NUL", BAD_ID, u().setModelId(MODEL + "\u0000"));
    }

    /** Records at the record-size limit and at the dead letter's payload and key cuts. */
    private void atTheLimits() {
        int max = Topics.MAX_MESSAGE_BYTES;
        // The limit is on key + value (and Kafka's ~70 bytes of framing): 100 bytes under it.
        int underLimit = max - 100 - utf8(victim).length;
        add(
                "update 100 bytes under the limit",
                LENGTH_MISMATCH,
                nearLimitUpdate(victim, underLimit));
        add("garbage 100 bytes under the limit", UNDECODABLE, garbage(underLimit, 2));
        add("garbage 1 byte over the payload cut", UNDECODABLE, garbage(4097, 3));
        byte[] hugeId = sized(max - 100, n -> bytes(update("x".repeat(n), round, 10, delta(1))));
        out.add(toUpdates("client id filling the record", BAD_ID, "x", hugeId));
        byte[] stranger = bytes(update("stranger", round, 10, delta(1)));
        String updates = Topics.UPDATES;
        out.add(
                new HostileCase(
                        "key filling the record",
                        NOT_SELECTED,
                        updates,
                        garbage(max - 8192, 4),
                        stranger));
        out.add(new HostileCase("no key", NOT_SELECTED, updates, null, stranger.clone()));
        byte[] notUtf8 = {(byte) 0xFF, (byte) 0xC0, (byte) 0x80};
        out.add(
                new HostileCase(
                        "key of invalid UTF-8", UNDECODABLE, updates, notUtf8, garbage(40, 5)));
    }

    /** A valid update of the victim for the round, for a case to break one field of. */
    private ModelUpdate.Builder u() {
        return update(victim, round, 10, delta(1));
    }

    private void add(String name, ReasonCode reason, ModelUpdate.Builder update) {
        add(name, reason, bytes(update));
    }

    private void add(String name, ReasonCode reason, byte[] value) {
        out.add(toUpdates(name, reason, victim, value));
    }

    private void raw(String name, ReasonCode reason, TensorEncoding encoding, int... data) {
        add(
                name,
                reason,
                rawDelta(victim, encoding, data).setRound(round).setBaseVersion(round - 1));
    }
}
