package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Checks.Call;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.TensorBytes;
import io.fedstream.contract.fuzz.TensorGens.TensorCase;
import io.fedstream.contract.fuzz.TensorMutations;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link CompressedTensors#decode} on tensors of every encoding: a generated one decodes to the
 * values it was built from (worked out by the generator), and a mutated one (data, shapes or
 * encoding) decodes to a well-formed {@link DecodedTensor} or throws {@link TensorFormatException},
 * never another exception nor an allocation its bytes cannot back.
 */
class CompressedTensorsFuzzTest {

    @Test
    void everyEncodingDecodesToItsValuesOrIsRefusedWithAReason() {
        Fuzz.check(
                "CompressedTensors.decode",
                TensorMutations.cases(),
                c -> {
                    int bytes =
                            TensorBytes.of(c.input()).length + 16 * c.input().getShapes().size();
                    Call<DecodedTensor> call =
                            Checks.call(
                                    bytes,
                                    () -> CompressedTensors.decode(c.input()),
                                    TensorFormatException.class);
                    if (!c.mutated()) {
                        assertThat(call.thrown()).isNull();
                        assertDecodesTo(call.value(), c.valid());
                    } else if (call.returned()) {
                        assertWellFormed(
                                call.value(), TensorMutations.exactCount(c.input().getShapes()));
                    } else {
                        assertThat(((TensorFormatException) call.thrown()).reason()).isNotNull();
                    }
                });
    }

    private static void assertDecodesTo(DecodedTensor t, TensorCase expected) {
        assertThat(t.length()).isEqualTo(expected.length());
        assertThat(t.indices()).isEqualTo(expected.indices());
        assertThat(bits(t.values())).isEqualTo(bits(expected.values()));
    }

    /** Dense: one value per coordinate; sparse: increasing indices in range; all finite. */
    static void assertWellFormed(DecodedTensor t, BigInteger count) {
        assertThat(BigInteger.valueOf(t.length())).isEqualTo(count);
        if (t.indices() == null) {
            assertThat(t.values()).hasSize(t.length());
        } else {
            assertThat(t.values()).hasSameSizeAs(t.indices());
            for (int j = 0; j < t.indices().length; j++) {
                assertThat(t.indices()[j])
                        .isBetween(j == 0 ? 0 : t.indices()[j - 1] + 1, t.length() - 1);
            }
        }
        for (float v : t.values()) {
            assertThat(Float.isFinite(v)).as("value %s is finite", v).isTrue();
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
