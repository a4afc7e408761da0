package io.fedstream.job.round;

import static io.fedstream.job.TestUpdates.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class UpdateValidatorTest {
    private final UpdateValidator validator = new UpdateValidator(MODEL, SPEC);

    private ReasonCode reasonOf(io.fedstream.job.types.RawRecord raw) {
        UpdateValidator.Outcome outcome = validator.validate(raw);
        assertThat(outcome.accepted()).isNull();
        return outcome.rejection().reason();
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
    void rejectsUnknownSchemaFingerprint() {
        byte[] bytes = Codecs.modelUpdate().encode(update("c1", 1, 5, filled(0)).build());
        bytes[5] ^= 0x55; // inside the 8-byte fingerprint after C3 01
        assertThat(reasonOf(raw("c1", bytes))).isEqualTo(ReasonCode.UNKNOWN_SCHEMA);
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
}
