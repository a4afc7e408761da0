package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Checks.Call;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.TensorBytes;
import io.fedstream.contract.fuzz.TensorMutations;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link TensorCodec} directly: element counts of any shapes are exact or refused, dense tensors
 * read back bit for bit, and {@link TensorCodec#values} of any tensor returns its floats or throws
 * the documented IllegalArgumentException.
 */
class TensorCodecFuzzTest {

    @Test
    void elementCountIsExactOrRefusedAsAShapeMismatch() {
        Gen<List<int[]>> shapes =
                in -> {
                    Draw d = new Draw(in);
                    List<int[]> out = new ArrayList<>();
                    // Drawn from one seed: QuickTheories skips an example whose draws repeat
                    // an earlier one's, and this space is small enough for that to matter.
                    SplittableRandom rng = d.rng();
                    int tensors = rng.nextInt(7);
                    for (int t = 0; t < tensors; t++) {
                        int[] shape = new int[rng.nextInt(6)];
                        for (int k = 0; k < shape.length; k++) {
                            int[] special = {
                                0, -1, 1, 46_341, 65_536, Integer.MAX_VALUE, Integer.MIN_VALUE
                            };
                            shape[k] =
                                    switch (rng.nextInt(3)) {
                                        case 0 -> special[rng.nextInt(special.length)];
                                        case 1 -> rng.nextInt(1, 1_000_000);
                                        default -> rng.nextInt();
                                    };
                        }
                        out.add(shape);
                    }
                    return out;
                };
        Fuzz.check(
                "TensorCodec.elementCount",
                describedShapes(shapes),
                s -> {
                    BigInteger exact = TensorMutations.exactCount(TensorCodec.toAvroShapes(s));
                    Call<Long> call =
                            Checks.call(
                                    64,
                                    () -> TensorCodec.elementCount(s),
                                    TensorFormatException.class);
                    boolean fits =
                            exact.signum() >= 0
                                    && exact.compareTo(BigInteger.valueOf(Long.MAX_VALUE)) <= 0;
                    if (fits) {
                        assertThat(call.thrown()).isNull();
                        assertThat(call.value()).isEqualTo(exact.longValueExact());
                    } else {
                        assertThat(call.thrown()).isInstanceOf(TensorFormatException.class);
                        assertThat(((TensorFormatException) call.thrown()).reason())
                                .isEqualTo(ReasonCode.SHAPE_MISMATCH);
                    }
                });
    }

    @Test
    void denseTensorsReadBackBitForBitAndOtherBytesAreValuesOrRefused() {
        Fuzz.check(
                "TensorCodec.values",
                TensorMutations.cases(),
                c -> {
                    Tensor t = c.input();
                    int bytes = TensorBytes.of(t).length;
                    Call<float[]> call =
                            Checks.call(
                                    bytes,
                                    () -> TensorCodec.values(t),
                                    IllegalArgumentException.class);
                    boolean dense = t.getEncoding() == TensorEncoding.DENSE_F32_LE;
                    if (dense && bytes % 4 == 0) {
                        assertThat(call.thrown()).isNull();
                        assertThat(call.value()).hasSize(bytes / 4);
                    } else {
                        assertThat(call.thrown()).isInstanceOf(IllegalArgumentException.class);
                    }
                    if (!c.mutated() && c.valid().indices() == null && dense) {
                        float[] expected = c.valid().values();
                        assertThat(call.value()).hasSize(expected.length);
                        for (int i = 0; i < expected.length; i++) {
                            assertThat(Float.floatToRawIntBits(call.value()[i]))
                                    .isEqualTo(Float.floatToRawIntBits(expected[i]));
                        }
                    }
                });
    }

    private static Gen<List<int[]>> describedShapes(Gen<List<int[]>> shapes) {
        return shapes.describedAs(s -> TensorCodec.toAvroShapes(s).toString());
    }
}
