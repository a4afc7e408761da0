package io.fedstream.contract;

import static io.fedstream.contract.RawTensors.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import org.junit.jupiter.api.Test;

/**
 * Malformed compressed tensors: each is refused with its reason code and a message naming the
 * fault.
 */
class CompressedTensorRejectionTest {
    @Test
    void rejectsDuplicateIndex() {
        // gaps 2 then 0
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0),
                ReasonCode.DUPLICATE_INDEX,
                "repeated");
    }

    @Test
    void rejectsUnsortedIndices() {
        // index 4 (gap 5 = zig-zag 10), then gap -2 (zig-zag 3) back to index 2
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 0, 4, 10, 3, 0, 0, 0, 0, 0, 0, 0, 0),
                ReasonCode.UNSORTED_INDICES,
                "must increase");
    }

    @Test
    void rejectsIndexOutOfRange() {
        // a gap of 10 from -1 is index 9: fine for length 10; 11 (zig-zag 22) is index 10
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 0, 2, 22, 0, 0, 0, 0),
                ReasonCode.INDEX_OUT_OF_RANGE,
                "vs length 10");
        // bitmap of 10 coordinates with padding bit 10 set
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 1, 2, 0, 0x04, 0, 0, 0, 0),
                ReasonCode.INDEX_OUT_OF_RANGE,
                "index 10");
    }

    @Test
    void rejectsRiceIndexOutOfRange() {
        // length 4, one index, b = 0, gap-1 = 4 -> "11110" -> index 4
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 4, 2, 2, 0, 0xF0, 0, 0, 0, 0),
                ReasonCode.INDEX_OUT_OF_RANGE,
                "length 4");
    }

    @Test
    void rejectsLengthMismatches() {
        // nnz 2 but one value
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 0, 4, 2, 2, 0, 0, 0x80, 0x3F),
                ReasonCode.LENGTH_MISMATCH,
                "float32");
        // nnz larger than the vector
        assertReason(raw(TensorEncoding.SPARSE_F32, 2, 0, 6), ReasonCode.LENGTH_MISMATCH, "nnz 3");
        // bitmap with 1 bit set but nnz 2
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 8, 1, 4, 0x01, 0, 0, 0, 0, 0, 0, 0, 0),
                ReasonCode.LENGTH_MISMATCH,
                "bitmap sets 1");
        // trailing byte
        assertReason(
                raw(TensorEncoding.DENSE_Q8, 1, 0, 0, 0x80, 0x3F, 1, 9),
                ReasonCode.LENGTH_MISMATCH,
                "left after");
        // truncated varint
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 10, 0, 0x80), ReasonCode.LENGTH_MISMATCH, "varint");
    }

    @Test
    void rejectsNonFiniteOrNegativeScale() {
        // NaN scale 00 00 C0 7F
        assertReason(
                raw(TensorEncoding.DENSE_Q8, 1, 0, 0, 0xC0, 0x7F, 1),
                ReasonCode.BAD_SCALE,
                "scale NaN");
        // -1.0f scale 00 00 80 BF in a sparse q8 tensor
        assertReason(
                raw(TensorEncoding.SPARSE_Q8, 4, 0, 2, 2, 0, 0, 0x80, 0xBF, 1),
                ReasonCode.BAD_SCALE,
                "scale -1.0");
    }

    @Test
    void rejectsNonFiniteSparseValueAndUnknownIndexMode() {
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 4, 0, 2, 8, 0, 0, 0x80, 0x7F),
                ReasonCode.NON_FINITE,
                "at index 3");
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 4, 7, 0),
                ReasonCode.UNSUPPORTED_ENCODING,
                "index mode 7");
        assertReason(raw(TensorEncoding.UNKNOWN, 1), ReasonCode.UNSUPPORTED_ENCODING, "UNKNOWN");
    }

    @Test
    void rejectsTheAsymmetricQ8CodeMinus128() {
        // DENSE_Q8, 3 values: scale 2.0, codes 127, -127 and 0 are fine (2.0, -2.0, 0.0) ...
        assertThat(
                        CompressedTensors.decode(
                                        raw(
                                                TensorEncoding.DENSE_Q8,
                                                3,
                                                0,
                                                0,
                                                0,
                                                0x40,
                                                0x7F,
                                                0x81,
                                                0))
                                .values())
                .containsExactly(2f, -2f, 0f);
        // ... but code -128 (0x80) would be -2.0157, beyond the block's max |x| of 2.0.
        assertReason(
                raw(TensorEncoding.DENSE_Q8, 3, 0, 0, 0, 0x40, 0x7F, 0x80, 0),
                ReasonCode.BAD_SCALE,
                "code -128 of value 1 (block 0): expected [-127, 127]");
        // SPARSE_Q8, length 4, varint mode, nnz 1 at index 2 (gap 3 = zig-zag 6), scale 1.0, -128.
        assertReason(
                raw(TensorEncoding.SPARSE_Q8, 4, 0, 2, 6, 0, 0, 0x80, 0x3F, 0x80),
                ReasonCode.BAD_SCALE,
                "code -128 of value 0 (block 0): expected [-127, 127]");
    }

    private static void assertReason(Tensor t, ReasonCode reason, String detail) {
        assertThatThrownBy(() -> CompressedTensors.decode(t))
                .isInstanceOfSatisfying(
                        TensorFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detail);
    }
}
