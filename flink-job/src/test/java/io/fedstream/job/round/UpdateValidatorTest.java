package io.fedstream.job.round;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.job.TestUpdates;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UpdateValidatorTest {
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    private ReasonCode reasonOf(io.fedstream.job.types.RawRecord raw) {
        return TestUpdates.reasonOf(validator, raw);
    }

    @Test
    void acceptsAWellFormedUpdateAndKeepsItsValuesAndBytes() {
        var raw = raw(update("c1", 3, 20, filled(0.25f)).build());
        UpdateValidator.Outcome outcome = validator.validate(raw);
        assertThat(outcome.rejection()).isNull();
        assertThat(outcome.accepted().values).containsOnly(0.25f).hasSize(8);
        assertThat(outcome.accepted().round).isEqualTo(3);
        assertThat(outcome.accepted().baseVersion).isEqualTo(2);
        assertThat(outcome.accepted().raw).isSameAs(raw);
    }

    @Test
    void rejectsUndecodableBytes() {
        assertThat(reasonOf(raw("c1", new byte[] {1, 2, 3}))).isEqualTo(ReasonCode.UNDECODABLE);
        assertThat(reasonOf(raw("c1", null))).isEqualTo(ReasonCode.UNDECODABLE);
    }

    @Test
    void rejectsTrailingBytesAfterAValidRecordAsUndecodable() {
        byte[] record = Codecs.modelUpdate().encode(update("c1", 1, 5, filled(0)).build());
        byte[] padded = java.util.Arrays.copyOf(record, record.length + 2);
        UpdateValidator.Outcome outcome = validator.validate(raw("c1", padded));
        assertThat(outcome.rejection().reason()).isEqualTo(ReasonCode.UNDECODABLE);
        assertThat(outcome.rejection().detail())
                .isEqualTo(
                        "cannot decode io.fedstream.avro.ModelUpdate: 2 trailing bytes after the"
                                + " record, which ends at byte "
                                + record.length
                                + " of "
                                + padded.length);
    }

    @Test
    void rejectsNonFiniteNegativeOrAbsurdTrainingLossAndTime() {
        Object[][] cases = {
            {Double.NaN, 10L, "training_loss NaN: expected a finite value in [0, 1e6] (nats)"},
            {
                Double.POSITIVE_INFINITY,
                10L,
                "training_loss Infinity: expected a finite value in [0, 1e6] (nats)"
            },
            {
                Double.NEGATIVE_INFINITY,
                10L,
                "training_loss -Infinity: expected a finite value in [0, 1e6] (nats)"
            },
            {-0.5, 10L, "training_loss -0.5: expected a finite value in [0, 1e6] (nats)"},
            {1.5e6, 10L, "training_loss 1500000.0: expected a finite value in [0, 1e6] (nats)"},
            {0.5, -1L, "training_time_ms -1: expected in [0, 604800000] (7 days)"},
            {
                0.5,
                Long.MAX_VALUE,
                "training_time_ms 9223372036854775807: expected in [0, 604800000] (7 days)"
            },
        };
        for (Object[] c : cases) {
            UpdateValidator.Outcome outcome =
                    validator.validate(
                            raw(
                                    update("c1", 2, 5, filled(0))
                                            .setTrainingLoss((Double) c[0])
                                            .setTrainingTimeMs((Long) c[1])
                                            .build()));
            assertThat(outcome.accepted()).as("loss %s time %s", c[0], c[1]).isNull();
            assertThat(outcome.rejection().reason()).isEqualTo(ReasonCode.BAD_TRAINING_STATS);
            assertThat(outcome.rejection().detail()).isEqualTo(c[2]);
            assertThat(outcome.rejection().clientId()).isEqualTo("c1");
            assertThat(outcome.rejection().round()).isEqualTo(2L);
        }
        // The limits themselves, and a loss of 0 and a time of 0, are possible.
        assertThat(
                        validator
                                .validate(
                                        raw(
                                                update("c1", 2, 5, filled(0))
                                                        .setTrainingLoss(1e6)
                                                        .setTrainingTimeMs(604_800_000L)
                                                        .build()))
                                .accepted())
                .isNotNull();
        assertThat(
                        validator
                                .validate(
                                        raw(
                                                update("c1", 2, 5, filled(0))
                                                        .setTrainingLoss(0.0)
                                                        .setTrainingTimeMs(0)
                                                        .build()))
                                .accepted())
                .isNotNull();
    }

    @Test
    void rejectsUnknownSchemaFingerprint() {
        byte[] bytes = Codecs.modelUpdate().encode(update("c1", 1, 5, filled(0)).build());
        bytes[5] ^= 0x55; // inside the 8-byte fingerprint after C3 01
        assertThat(reasonOf(raw("c1", bytes))).isEqualTo(ReasonCode.UNKNOWN_SCHEMA);
    }

    @Test
    void rejectsASampleCountAboveTheJobsCap() {
        UpdateValidator capped = new UpdateValidator(MODEL, SPEC, 1000);
        assertThat(capped.validate(raw(update("c1", 1, 1000, filled(0)).build())).accepted())
                .isNotNull();
        UpdateValidator.Outcome inflated =
                capped.validate(raw(update("c1", 1, 1001, filled(0)).build()));
        assertThat(inflated.accepted()).isNull();
        assertThat(inflated.rejection().reason()).isEqualTo(ReasonCode.BAD_NUM_SAMPLES);
        assertThat(inflated.rejection().detail())
                .isEqualTo("num_samples 1001 exceeds this job's max-num-samples 1000");
        // 0 is no cap.
        assertThat(validator.validate(raw(update("c1", 1, 1L << 40, filled(0)).build())).accepted())
                .isNotNull();
    }

    @Test
    void rejectsWrongModelRoundAndSampleCount() {
        assertThat(reasonOf(raw(update("c1", 1, 5, filled(0)).setModelId("other").build())))
                .isEqualTo(ReasonCode.WRONG_MODEL);
        assertThat(reasonOf(raw(update("c1", 0, 5, filled(0)).build())))
                .isEqualTo(ReasonCode.BAD_ROUND);
        assertThat(reasonOf(raw(update("c1", 1, 0, filled(0)).build())))
                .isEqualTo(ReasonCode.BAD_NUM_SAMPLES);
        assertThat(reasonOf(raw(update("c1", 1, -4, filled(0)).build())))
                .isEqualTo(ReasonCode.BAD_NUM_SAMPLES);
    }

    @Test
    void rejectsWrongShapesAndLengths() {
        ModelSpec other = ModelSpec.parse("logreg:4-2");
        Tensor wrongShape = TensorCodec.dense(new float[10], other.shapes());
        assertThat(reasonOf(raw(update("c1", 1, 5, filled(0)).setDelta(wrongShape).build())))
                .isEqualTo(ReasonCode.SHAPE_MISMATCH);

        Tensor shortData = tensor(filled(0));
        shortData.setData(ByteBuffer.wrap(new byte[7 * 4]));
        assertThat(reasonOf(raw(update("c1", 1, 5, filled(0)).setDelta(shortData).build())))
                .isEqualTo(ReasonCode.LENGTH_MISMATCH);
    }

    @Test
    void rejectsNonFiniteValuesNamingTheIndex() {
        float[] values = filled(0);
        values[6] = Float.NaN;
        UpdateValidator.Outcome outcome =
                validator.validate(raw(update("c1", 1, 5, values).build()));
        assertThat(outcome.rejection().reason()).isEqualTo(ReasonCode.NON_FINITE);
        assertThat(outcome.rejection().detail()).isEqualTo("value NaN at index 6");
        values[6] = Float.NEGATIVE_INFINITY;
        assertThat(reasonOf(raw(update("c1", 1, 5, values).build())))
                .isEqualTo(ReasonCode.NON_FINITE);
    }

    @Test
    void rejectsUnknownEncoding() {
        Tensor t =
                new Tensor(
                        TensorEncoding.UNKNOWN,
                        TensorCodec.toAvroShapes(SPEC.shapes()),
                        ByteBuffer.wrap(new byte[32]));
        var outcome = validator.validate(raw(update("c1", 1, 5, filled(0)).setDelta(t).build()));
        assertThat(outcome.rejection().reason()).isEqualTo(ReasonCode.UNSUPPORTED_ENCODING);
        assertThat(outcome.rejection().clientId()).isEqualTo("c1");
        assertThat(outcome.rejection().round()).isEqualTo(1L);
    }

    private static Tensor sparseRaw(TensorEncoding encoding, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new Tensor(encoding, TensorCodec.toAvroShapes(SPEC.shapes()), ByteBuffer.wrap(b));
    }

    private UpdateValidator.Outcome validateDelta(Tensor delta) {
        return validator.validate(raw(update("c1", 1, 5, filled(0)).setDelta(delta).build()));
    }

    @Test
    void acceptsASparseUpdateWithoutDensifyingAndCountsItsDenseSize() {
        Tensor sparse =
                CompressedTensors.sparse(new int[] {2, 7}, new float[] {0.5f, -1f}, SPEC.shapes());
        var raw = raw(update("c1", 1, 5, filled(0)).setDelta(sparse).build());
        UpdateValidator.Outcome outcome = validator.validate(raw);
        assertThat(outcome.rejection()).isNull();
        assertThat(outcome.accepted().indices).containsExactly(2, 7);
        assertThat(outcome.accepted().values).containsExactly(0.5f, -1f);
        // the same record with a dense delta, measured by encoding it
        float[] dense = filled(0);
        dense[2] = 0.5f;
        dense[7] = -1f;
        assertThat(outcome.accepted().denseWireBytes)
                .isEqualTo(raw(update("c1", 1, 5, dense).build()).wireBytes());
        assertThat(raw.wireBytes()).isLessThan((int) outcome.accepted().denseWireBytes);
    }

    @Test
    void acceptsAQuantizedUpdate() {
        // one block, scale 127: codes are the values
        var outcome =
                validateDelta(
                        sparseRaw(
                                TensorEncoding.DENSE_Q8,
                                0,
                                0,
                                0xFE,
                                0x42,
                                1,
                                2,
                                3,
                                4,
                                5,
                                6,
                                7,
                                0x81));
        assertThat(outcome.rejection()).isNull();
        assertThat(outcome.accepted().indices).isNull();
        assertThat(outcome.accepted().values).containsExactly(1, 2, 3, 4, 5, 6, 7, -127);
    }

    @Test
    void rejectsHostileSparseUpdatesWithTheirReasons() {
        // 8 coordinates. Delta layout: mode 0, nnz (zig-zag), gaps (zig-zag), float32 values.
        int[] one = {0, 0, 0x80, 0x3F};
        assertThat(
                        validateDelta(
                                        sparseRaw(
                                                TensorEncoding.SPARSE_F32,
                                                0,
                                                2,
                                                18,
                                                0,
                                                0,
                                                0x80,
                                                0x3F))
                                .rejection())
                .satisfies(r -> assertThat(r.reason()).isEqualTo(ReasonCode.INDEX_OUT_OF_RANGE))
                .satisfies(r -> assertThat(r.detail()).contains("index 8", "vs length 8"));
        assertThat(
                        reasonOf(
                                raw(
                                        update("c1", 1, 5, filled(0))
                                                .setDelta(
                                                        sparseRaw(
                                                                TensorEncoding.SPARSE_F32,
                                                                0,
                                                                4,
                                                                4,
                                                                0,
                                                                0,
                                                                0,
                                                                0x80,
                                                                0x3F,
                                                                0,
                                                                0,
                                                                0x80,
                                                                0x3F))
                                                .build())))
                .isEqualTo(ReasonCode.DUPLICATE_INDEX);
        assertThat(
                        reasonOf(
                                raw(
                                        update("c1", 1, 5, filled(0))
                                                .setDelta(
                                                        sparseRaw(
                                                                TensorEncoding.SPARSE_F32,
                                                                0,
                                                                4,
                                                                10,
                                                                3,
                                                                0,
                                                                0,
                                                                0x80,
                                                                0x3F,
                                                                0,
                                                                0,
                                                                0x80,
                                                                0x3F))
                                                .build())))
                .isEqualTo(ReasonCode.UNSORTED_INDICES);
        assertThat(
                        reasonOf(
                                raw(
                                        update("c1", 1, 5, filled(0))
                                                .setDelta(
                                                        sparseRaw(
                                                                TensorEncoding.SPARSE_Q8,
                                                                0,
                                                                2,
                                                                2,
                                                                0,
                                                                0,
                                                                0xC0,
                                                                0x7F,
                                                                1))
                                                .build())))
                .isEqualTo(ReasonCode.BAD_SCALE);
        assertThat(
                        reasonOf(
                                raw(
                                        update("c1", 1, 5, filled(0))
                                                .setDelta(
                                                        sparseRaw(
                                                                TensorEncoding.SPARSE_F32,
                                                                0,
                                                                4,
                                                                2,
                                                                2,
                                                                one[0],
                                                                one[1],
                                                                one[2],
                                                                one[3]))
                                                .build())))
                .isEqualTo(ReasonCode.LENGTH_MISMATCH);
        assertThat(
                        reasonOf(
                                raw(
                                        update("c1", 1, 5, filled(0))
                                                .setDelta(
                                                        sparseRaw(
                                                                TensorEncoding.SPARSE_F32,
                                                                0,
                                                                2,
                                                                2,
                                                                0,
                                                                0,
                                                                0xC0,
                                                                0x7F))
                                                .build())))
                .isEqualTo(ReasonCode.NON_FINITE);
    }
}
