package io.fedstream.contract.fuzz;

import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.Q8;
import io.fedstream.contract.TensorCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid tensors of every encoding (DENSE_F32_LE, SPARSE_F32, DENSE_Q8, SPARSE_Q8), each with the
 * values it stands for worked out here and not by the decoder: the sparse ones at densities from
 * empty to full, so all three index layouts (delta, bitmap, Rice) occur.
 */
public final class TensorGens {
    private TensorGens() {}

    /**
     * A tensor and what it decodes to: {@code indices == null} for a dense one, else the kept
     * indices in increasing order with their {@code values}.
     */
    public record TensorCase(Tensor tensor, int length, int[] indices, float[] values) {
        @Override
        public String toString() {
            return tensor.getEncoding()
                    + " shapes "
                    + tensor.getShapes()
                    + " data "
                    + Hex.of(TensorBytes.of(tensor));
        }
    }

    /** One to three tensors of one or two dimensions, 1 to 12 each, or one of up to 2,000. */
    public static List<int[]> shapes(Draw d) {
        if (d.oneIn(8)) {
            return List.of(new int[] {d.between(1, 2000)});
        }
        List<int[]> shapes = new ArrayList<>();
        int tensors = d.between(1, 3);
        for (int t = 0; t < tensors; t++) {
            shapes.add(
                    d.oneIn(2)
                            ? new int[] {d.between(1, 12)}
                            : new int[] {d.between(1, 12), d.between(1, 12)});
        }
        return shapes;
    }

    /** A tensor of any encoding with {@code shapes}; values finite. */
    public static TensorCase tensor(Draw d, List<int[]> shapes) {
        return tensor(d, shapes, d.pick(TensorEncoding.values()));
    }

    /** A tensor of {@code encoding} (UNKNOWN reads as DENSE_F32_LE) with {@code shapes}. */
    public static TensorCase tensor(Draw d, List<int[]> shapes, TensorEncoding encoding) {
        int length = (int) product(shapes);
        SplittableRandom rng = d.rng();
        return switch (encoding) {
            case SPARSE_F32 -> {
                int[] indices = indices(d, rng, length);
                float[] values = values(rng, indices.length);
                yield new TensorCase(
                        CompressedTensors.sparse(indices, values, shapes), length, indices, values);
            }
            case DENSE_Q8 -> {
                Q8.Quantized q = Q8.quantize(values(rng, length), rng);
                yield new TensorCase(
                        CompressedTensors.denseQ8(q, shapes), length, null, dequantized(q));
            }
            case SPARSE_Q8 -> {
                int[] indices = indices(d, rng, length);
                Q8.Quantized q = Q8.quantize(values(rng, indices.length), rng);
                yield new TensorCase(
                        CompressedTensors.sparseQ8(indices, q, shapes),
                        length,
                        indices,
                        dequantized(q));
            }
            default -> {
                float[] values = values(rng, length);
                yield new TensorCase(TensorCodec.dense(values, shapes), length, null, values);
            }
        };
    }

    /** Finite values, now and then an extreme one (0, -0, subnormal, +-Float.MAX_VALUE). */
    static float[] values(SplittableRandom rng, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            float v = Values.floatValue(rng, 16);
            out[i] = Float.isFinite(v) ? v : 0f;
        }
        return out;
    }

    /** A sorted sample of {@code [0, length)}: empty, one, sparse, half or all of it. */
    static int[] indices(Draw d, SplittableRandom rng, int length) {
        double density = d.pick(0.0, 0.01, 0.05, 0.2, 0.5, 0.9, 1.0);
        int[] out = new int[length];
        int n = 0;
        for (int i = 0; i < length; i++) {
            if (density == 1.0 || rng.nextDouble() < density) {
                out[n++] = i;
            }
        }
        if (n == 0 && d.oneIn(2)) {
            out[n++] = rng.nextInt(length);
        }
        return Arrays.copyOf(out, n);
    }

    /** The values Q8 codes stand for: {@code q * scale / 127}, one scale per 256 codes. */
    static float[] dequantized(Q8.Quantized q) {
        float[] out = new float[q.codes().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (q.codes()[i] * (double) q.scales()[i / 256] / 127.0);
        }
        return out;
    }

    static long product(List<int[]> shapes) {
        long total = 0;
        for (int[] shape : shapes) {
            long n = 1;
            for (int dim : shape) {
                n *= dim;
            }
            total += n;
        }
        return total;
    }
}
