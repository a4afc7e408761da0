package io.fedstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressedTensorsTest {

    private static List<int[]> shape(int n) {
        return List.of(new int[] {n});
    }

    private static Tensor raw(TensorEncoding encoding, int length, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Tensor.newBuilder()
                .setEncoding(encoding)
                .setShapes(TensorCodec.toAvroShapes(shape(length)))
                .setData(ByteBuffer.wrap(b))
                .build();
    }

    private static DecodedTensor throughWire(Tensor t) {
        try {
            return throughWireChecked(t);
        } catch (WireFormatException e) {
            throw new AssertionError(e);
        }
    }

    private static DecodedTensor throughWireChecked(Tensor t) throws WireFormatException {
        ModelUpdate u = ModelUpdate.newBuilder(SampleRecords.modelUpdate()).setDelta(t).build();
        WireCodec<ModelUpdate> codec = Codecs.modelUpdate();
        return CompressedTensors.decode(codec.decode(codec.encode(u)).getDelta());
    }

    @Test
    void decodesHandBuiltSparseF32WithDeltaIndices() {
        // mode 0, nnz 2 (zig-zag 4), gaps 2 and 3 (zig-zag 4, 6), then 1.0f and -2.0f LE.
        DecodedTensor t =
                CompressedTensors.decode(
                        raw(
                                TensorEncoding.SPARSE_F32,
                                10,
                                0,
                                4,
                                4,
                                6,
                                0,
                                0,
                                0x80,
                                0x3F,
                                0,
                                0,
                                0,
                                0xC0));
        assertThat(t.indices()).containsExactly(1, 4);
        assertThat(t.values()).containsExactly(1f, -2f);
        assertThat(t.toDense()).containsExactly(0, 1f, 0, 0, -2f, 0, 0, 0, 0, 0);
    }

    @Test
    void decodesHandBuiltSparseF32WithBitmap() {
        // mode 1, nnz 2, bitmap of 10 coordinates = 2 bytes: bits 1 and 4 of byte 0 = 0x12.
        DecodedTensor t =
                CompressedTensors.decode(
                        raw(
                                TensorEncoding.SPARSE_F32,
                                10,
                                1,
                                4,
                                0x12,
                                0,
                                0,
                                0,
                                0x80,
                                0x3F,
                                0,
                                0,
                                0,
                                0xC0));
        assertThat(t.indices()).containsExactly(1, 4);
        assertThat(t.values()).containsExactly(1f, -2f);
    }

    @Test
    void decodesHandBuiltDenseQ8() {
        // scale 2.0f (00 00 00 40), codes 127, -127, 0 stand for 2, -2, 0.
        DecodedTensor t =
                CompressedTensors.decode(
                        raw(TensorEncoding.DENSE_Q8, 3, 0, 0, 0, 0x40, 0x7F, 0x81, 0));
        assertThat(t.sparse()).isFalse();
        assertThat(t.values()).containsExactly(2f, -2f, 0f);
    }

    @Test
    void decodesHandBuiltSparseQ8() {
        // length 300, indices 0 and 299: gaps 1 (zig-zag 2) and 299 (zig-zag 598 = D6 04);
        // one scale 127.0f (00 00 FE 42), so codes 5 and -3 stand for 5 and -3.
        DecodedTensor t =
                CompressedTensors.decode(
                        raw(
                                TensorEncoding.SPARSE_Q8,
                                300,
                                0,
                                4,
                                2,
                                0xD6,
                                0x04,
                                0,
                                0,
                                0xFE,
                                0x42,
                                5,
                                0xFD));
        assertThat(t.indices()).containsExactly(0, 299);
        assertThat(t.values()).containsExactly(5f, -3f);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 1000})
    void sparseF32RoundTripsEmptyAllZeroSingleAndRandom(int length) {
        SplittableRandom rng = new SplittableRandom(length);
        // empty selection
        DecodedTensor empty =
                throughWire(CompressedTensors.sparse(new int[0], new float[0], shape(length)));
        assertThat(empty.indices()).isEmpty();
        assertThat(empty.toDense()).isEqualTo(new float[length]);
        if (length == 0) {
            return;
        }
        // all coordinates kept, all zero
        int[] all = IntStream.range(0, length).toArray();
        DecodedTensor zeros =
                throughWire(CompressedTensors.sparse(all, new float[length], shape(length)));
        assertThat(zeros.indices()).containsExactly(all);
        assertThat(zeros.values()).containsOnly(0f);
        // single coordinate, the last one
        DecodedTensor single =
                throughWire(
                        CompressedTensors.sparse(
                                new int[] {length - 1}, new float[] {-3.5f}, shape(length)));
        assertThat(single.indices()).containsExactly(length - 1);
        assertThat(single.values()).containsExactly(-3.5f);
        // random subsets at several densities exercise both index layouts
        for (double density : new double[] {0.01, 0.1, 0.2, 0.9}) {
            int[] idx =
                    IntStream.range(0, length).filter(i -> rng.nextDouble() < density).toArray();
            float[] v = new float[idx.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = (float) rng.nextGaussian();
            }
            DecodedTensor t = throughWire(CompressedTensors.sparse(idx, v, shape(length)));
            assertThat(t.indices()).containsExactly(idx);
            assertThat(t.values()).containsExactly(v);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 257, 1000})
    void q8RoundTripsCodesAndScalesExactly(int length) {
        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        Q8.Quantized q = Q8.quantize(x, rng);
        float[] expected = Q8.dequantize(q);
        assertThat(throughWire(CompressedTensors.denseQ8(q, shape(length))).values())
                .containsExactly(expected);
        int[] idx = IntStream.range(0, length).filter(i -> i % 3 == 0).toArray();
        float[] kept = new float[idx.length];
        for (int j = 0; j < idx.length; j++) {
            kept[j] = x[idx[j]];
        }
        Q8.Quantized qs = Q8.quantize(kept, rng);
        DecodedTensor s = throughWire(CompressedTensors.sparseQ8(idx, qs, shape(length)));
        assertThat(s.indices()).containsExactly(idx);
        assertThat(s.values()).containsExactly(Q8.dequantize(qs));
        // all-zero input: scale 0, every code 0, decodes to zeros
        Q8.Quantized zero = Q8.quantize(new float[length], rng);
        assertThat(zero.scales()).isEqualTo(new float[Q8.blocks(length)]);
        assertThat(throughWire(CompressedTensors.denseQ8(zero, shape(length))).values())
                .isEqualTo(new float[length]);
    }

    @Test
    void q8SingleCoordinateIsExactAtTheBlockMaximum() {
        // The block maximum maps to code 127 exactly, so a lone value decodes to itself.
        Q8.Quantized q = Q8.quantize(new float[] {-0.3f}, new SplittableRandom(1));
        assertThat(q.codes()).containsExactly((byte) -127);
        assertThat(throughWire(CompressedTensors.denseQ8(q, shape(1))).values())
                .containsExactly(-0.3f);
    }

    @Test
    void q8IsUnbiased() {
        // Mean of N quantizations: its error has standard deviation <= (m/127)/2/sqrt(N) per
        // coordinate (variance bound h^2/4). With m = 1, N = 5,000: 5.6e-5; tolerance 3e-4 is
        // more than 5 standard deviations.
        SplittableRandom rng = new SplittableRandom(42);
        float[] x = new float[300];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        x[0] = 1f;
        x[256] = -1f;
        int n = 5_000;
        double[] mean = new double[x.length];
        for (int k = 0; k < n; k++) {
            float[] v = Q8.dequantize(Q8.quantize(x, rng));
            for (int i = 0; i < x.length; i++) {
                mean[i] += v[i] / (double) n;
            }
        }
        for (int i = 0; i < x.length; i++) {
            assertThat(mean[i]).as("coordinate %d", i).isCloseTo(x[i], within(3e-4));
        }
    }

    @Test
    void q8ErrorStaysWithinOneStep() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] x = {0.5f, -0.25f, 0.1f, 0.999f, -1f};
        float[] v = Q8.dequantize(Q8.quantize(x, rng));
        for (int i = 0; i < x.length; i++) {
            assertThat(Math.abs(v[i] - x[i])).isLessThanOrEqualTo(1f / 127 + 1e-6f);
        }
    }

    @Test
    void choosesTheSmallestIndexLayout() {
        // 1000 coordinates, bitmap 125 bytes.
        // One index 20: varint gap 21 is 1 byte; Rice needs its parameter byte plus a byte.
        assertThat(SparseIndices.choose(new int[] {20}, 1000)).isEqualTo(SparseIndices.DELTA);
        // 50 indices 20 apart: varint 50 bytes; Rice b = 4 codes gap-1 = 19 as "10" + 4 bits =
        // 6 bits, 300 bits = 38 bytes, plus the parameter byte = 39.
        int[] spaced = IntStream.range(0, 50).map(i -> i * 20).toArray();
        assertThat(SparseIndices.deltaBytes(spaced)).isEqualTo(50);
        assertThat(SparseIndices.riceBytes(spaced, 4)).isEqualTo(39);
        assertThat(SparseIndices.choose(spaced, 1000)).isEqualTo(SparseIndices.RICE);
        // every other coordinate: varint 500 bytes, Rice at best 2 bits a gap = 126 bytes, bitmap
        // 125 bytes.
        int[] dense = IntStream.range(0, 500).map(i -> i * 2).toArray();
        assertThat(SparseIndices.choose(dense, 1000)).isEqualTo(SparseIndices.BITMAP);
        assertThat(
                        CompressedTensors.sparse(dense, new float[500], shape(1000))
                                .getData()
                                .remaining())
                .isEqualTo(1 + 2 + 125 + 4 * 500); // nnz 500 = zig-zag 1000, 2 bytes
    }

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

    private static void assertReason(Tensor t, ReasonCode reason, String detail) {
        assertThatThrownBy(() -> CompressedTensors.decode(t))
                .isInstanceOfSatisfying(
                        TensorFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detail);
    }

    @Test
    void decodesHandBuiltRiceIndices() {
        // length 20, indices 3, 4, 12: gaps minus one 3, 0, 7; b = 2:
        // 3 = q0 r11 -> "0 11"; 0 -> "0 00"; 7 = q1 r11 -> "10 11"; bits 011 000 1011 + pad
        // = 0110 0010 | 1100 0000 = 0x62 0xC0. Then three float32 values 1, 2, 3.
        DecodedTensor t =
                CompressedTensors.decode(
                        raw(
                                TensorEncoding.SPARSE_F32,
                                20,
                                2,
                                6,
                                2,
                                0x62,
                                0xC0,
                                0,
                                0,
                                0x80,
                                0x3F,
                                0,
                                0,
                                0,
                                0x40,
                                0,
                                0,
                                0x40,
                                0x40));
        assertThat(t.indices()).containsExactly(3, 4, 12);
        assertThat(t.values()).containsExactly(1f, 2f, 3f);
    }

    @Test
    void riceRoundTripsAndWinsAtTopKDensity() {
        SplittableRandom rng = new SplittableRandom(5);
        int length = 100_000;
        int[] idx = IntStream.range(0, length).filter(i -> rng.nextDouble() < 0.1).toArray();
        assertThat(SparseIndices.choose(idx, length)).isEqualTo(SparseIndices.RICE);
        float[] v = new float[idx.length];
        DecodedTensor t = throughWire(CompressedTensors.sparse(idx, v, shape(length)));
        assertThat(t.indices()).containsExactly(idx);
        // entropy of a density-0.1 index set is 0.469 bits a coordinate; Rice stays within 10%
        long bytes = SparseIndices.riceBytes(idx, SparseIndices.bestRiceBits(idx));
        assertThat(bytes).isLessThan((long) (1.1 * 0.469 * length / 8));
    }

    @Test
    void rejectsRiceIndexOutOfRange() {
        // length 4, one index, b = 0, gap-1 = 4 -> "11110" -> index 4
        assertReason(
                raw(TensorEncoding.SPARSE_F32, 4, 2, 2, 0, 0xF0, 0, 0, 0, 0),
                ReasonCode.INDEX_OUT_OF_RANGE,
                "length 4");
    }
}
