package io.fedstream.contract;

import static io.fedstream.contract.RawTensors.raw;
import static io.fedstream.contract.RawTensors.shape;
import static io.fedstream.contract.RawTensors.throughWire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.TensorEncoding;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8-bit quantized tensors, dense and sparse: the layout by hand, exact round trips, unbiasedness.
 */
class Q8TensorsTest {
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
}
