package io.fedstream.contract;

import static io.fedstream.contract.RawTensors.raw;
import static io.fedstream.contract.RawTensors.shape;
import static io.fedstream.contract.RawTensors.throughWire;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.TensorEncoding;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sparse float32 tensors: the three index layouts, by hand and round trip, and the choice among
 * them.
 */
class CompressedTensorsTest {
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
}
