package io.fedstream.contract;

import static io.fedstream.contract.RawTensors.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Checks.Call;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inputs the fuzz tests ({@code *FuzzTest}) found that broke a decoder, byte for byte, each
 * with what the fixed decoder does (docs/testing.md, "Fuzzing").
 */
class FuzzFindingsTest {

    /**
     * A 40-byte ModelUpdate whose {@code delta.shapes} block is {@code -2^30} items with a size of
     * 0 bytes. Avro's skip read it as an empty block followed by the end of the array, so the
     * length check passed; Avro's read takes it as 2^30 items and allocated an array of 2^30
     * references first: OutOfMemoryError.
     */
    @Test
    void negativeBlockCountWithZeroSizeIsUndecodableNotOutOfMemory() {
        byte[] bytes = {
            (byte) 0xC3,
            0x01,
            0x72,
            (byte) 0x97,
            (byte) 0xA9,
            (byte) 0x81,
            (byte) 0xA9,
            (byte) 0xC0,
            (byte) 0x85,
            0x64,
            0x02,
            0x63,
            0x02,
            0x6D,
            0x02,
            0x00,
            0x02,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x00,
            0x02,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            0x07,
            0x00,
            0x00,
            0x08,
            0x00,
            0x00,
            (byte) 0x80,
            0x3F
        };
        Call<?> call =
                Checks.call(
                        bytes.length,
                        () ->
                                Codecs.modelUpdate()
                                        .decode(
                                                withCurrentHeader(
                                                        bytes, ModelUpdate.getClassSchema())),
                        WireFormatException.class);
        assertThat(call.thrown())
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("block of 1073741824 items at byte 28 vs 6 bytes left");
        assertThat(((WireFormatException) call.thrown()).kind())
                .isEqualTo(WireFormatException.Kind.UNDECODABLE);
    }

    /**
     * The fuzzer's own find of the same fault at a small scale: a GlobalModel whose shapes block
     * says -16 items of 1 byte; the decoder read the next varint as 67,562 more items and allocated
     * 270 KB for a 32-byte record.
     */
    @Test
    void negativeBlockCountIsReadAsTheDecoderReadsIt() {
        byte[] bytes = {
            (byte) 0xC3,
            0x01,
            (byte) 0xCA,
            0x68,
            (byte) 0x9F,
            (byte) 0x8E,
            0x4E,
            (byte) 0xC5,
            0x6B,
            0x33,
            0x00,
            0x00,
            0x00,
            0x02,
            0x1F,
            0x02,
            0x02,
            0x02,
            0x00,
            0x00,
            0x08,
            0x65,
            (byte) 0x98,
            0x43,
            (byte) 0xC1,
            0x00,
            0x01,
            0x00,
            (byte) 0xD4,
            (byte) 0x9F,
            0x08,
            0x00
        };
        assertThatThrownBy(
                        () ->
                                Codecs.globalModel()
                                        .decode(
                                                withCurrentHeader(
                                                        bytes, GlobalModel.getClassSchema())))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("block of 67562 items at byte 28 vs 1 bytes left");
    }

    /**
     * SPARSE_F32 of 2^30 coordinates whose data is the mode byte and nnz = 2^30, nothing else: the
     * index array (4 GiB) was allocated before any length check.
     */
    @Test
    void sparseCountBeyondTheBytesLeftIsALengthMismatchBeforeAnyAllocation() {
        Tensor t = raw(TensorEncoding.SPARSE_F32, 1 << 30, 0x00, 0x80, 0x80, 0x80, 0x80, 0x08);
        Call<DecodedTensor> call =
                Checks.call(6, () -> CompressedTensors.decode(t), TensorFormatException.class);
        assertThat(((TensorFormatException) call.thrown()).reason())
                .isEqualTo(ReasonCode.LENGTH_MISMATCH);
        assertThat(call.thrown())
                .hasMessage("nnz 1073741824 vs 0 bytes left for indices and values");
    }

    /** A bitmap index section of 2^31 - 9 coordinates was allocated (268 MB) before its check. */
    @Test
    void bitmapLongerThanTheBytesLeftIsALengthMismatchBeforeAnyAllocation() {
        Tensor t = raw(TensorEncoding.SPARSE_Q8, Integer.MAX_VALUE - 8, 0x01, 0x02, 0x01);
        Call<DecodedTensor> call =
                Checks.call(3, () -> CompressedTensors.decode(t), TensorFormatException.class);
        assertThat(((TensorFormatException) call.thrown()).reason())
                .isEqualTo(ReasonCode.LENGTH_MISMATCH);
        assertThat(call.thrown()).hasMessage("bitmap needs 268435455 bytes but 1 remain");
    }

    /** Negative dimensions cancelled out ({@code [-1, -1]} was one value) and products wrapped. */
    @Test
    void elementCountRefusesNegativeAndOverflowingDimensions() {
        assertShapeMismatch(List.of(new int[] {-1, -1}), "dimension -1 of tensor 0: expected >= 0");
        assertShapeMismatch(
                List.of(new int[] {65_536, 65_536, 65_536, 65_536}),
                "tensor 0 has more than 9223372036854775807 values");
        assertShapeMismatch(
                List.of(
                        new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 2},
                        new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, 2}),
                "shapes describe more than 9223372036854775807 values");
        // A zero dimension empties its tensor before the others can overflow it.
        assertThat(TensorCodec.elementCount(List.of(new int[] {46_341, 65_536, 46_341, 65_536, 0})))
                .isZero();
    }

    /** The fuzzer's find: shapes [[1, 1], [1], [-1, 0]] decoded as two values. */
    @Test
    void tensorWithANegativeDimensionIsAShapeMismatch() {
        Tensor t =
                Tensor.newBuilder()
                        .setEncoding(TensorEncoding.DENSE_F32_LE)
                        .setShapes(List.of(List.of(1, 1), List.of(1), List.of(-1, 0)))
                        .setData(
                                ByteBuffer.wrap(
                                        new byte[] {
                                            0x00,
                                            (byte) 0x98,
                                            0x43,
                                            (byte) 0xC1,
                                            (byte) 0x93,
                                            (byte) 0xB1,
                                            0x12,
                                            0x41
                                        }))
                        .build();
        assertThatThrownBy(() -> CompressedTensors.decode(t))
                .isInstanceOfSatisfying(
                        TensorFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.SHAPE_MISMATCH))
                .hasMessage("dimension -1 of tensor 2: expected >= 0");
    }

    /** {@code n + 255} overflowed for n near 2^31, giving a negative number of Q8 blocks. */
    @Test
    void q8BlockCountDoesNotOverflow() {
        assertThat(Q8.blocks(Integer.MAX_VALUE)).isEqualTo(8_388_608);
        assertThat(Q8.blocks(Integer.MAX_VALUE - 8)).isEqualTo(8_388_608);
    }

    private static void assertShapeMismatch(List<int[]> shapes, String message) {
        assertThatThrownBy(() -> TensorCodec.elementCount(shapes))
                .isInstanceOfSatisfying(
                        TensorFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(ReasonCode.SHAPE_MISMATCH))
                .hasMessage(message);
    }

    /**
     * The found bytes with the header of the schema as it is today: the finds were made with an
     * earlier schema whose fields are a prefix of today's, and they fail before the fields added
     * since.
     */
    private static byte[] withCurrentHeader(byte[] found, org.apache.avro.Schema schema) {
        byte[] bytes = found.clone();
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(schema);
        for (int i = 0; i < 8; i++) {
            bytes[2 + i] = (byte) (fingerprint >>> (8 * i));
        }
        return bytes;
    }
}
