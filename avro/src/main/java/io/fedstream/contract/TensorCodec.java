package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Dense float32 little-endian tensors inside Avro {@code bytes}.
 *
 * <p>Why bytes and not {@code array<float>}: both are 4 bytes a value on the wire, but Avro reads
 * and writes an array one boxed element at a time; a bulk copy through a {@link
 * java.nio.FloatBuffer} is one memcpy. See {@code TensorEncodingBenchmark} in bench/ and
 * docs/wire-format.md for the measured ratio.
 */
public final class TensorCodec {
    private TensorCodec() {}

    /** Wraps {@code values} as a DENSE_F32_LE tensor with the given shapes. */
    public static Tensor dense(float[] values, List<int[]> shapes) {
        long expected = elementCount(shapes);
        if (expected != values.length) {
            throw new IllegalArgumentException(
                    "shapes describe " + expected + " values but " + values.length + " were given");
        }
        return Tensor.newBuilder()
                .setEncoding(TensorEncoding.DENSE_F32_LE)
                .setShapes(toAvroShapes(shapes))
                .setData(toBytes(values))
                .build();
    }

    /** Little-endian float32 bytes of {@code values}. */
    public static ByteBuffer toBytes(float[] values) {
        ByteBuffer buffer =
                ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /**
     * Reads the values of a DENSE_F32_LE tensor.
     *
     * @throws IllegalArgumentException if the encoding is not dense or the byte count is not 4 per
     *     value
     */
    public static float[] values(Tensor tensor) {
        if (tensor.getEncoding() != TensorEncoding.DENSE_F32_LE) {
            throw new IllegalArgumentException(
                    "encoding " + tensor.getEncoding() + " vs supported DENSE_F32_LE");
        }
        ByteBuffer data = tensor.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (data.remaining() % Float.BYTES != 0) {
            throw new IllegalArgumentException(
                    "data has " + data.remaining() + " bytes, not a multiple of 4");
        }
        float[] out = new float[data.remaining() / Float.BYTES];
        data.asFloatBuffer().get(out);
        return out;
    }

    public static List<Integer> toAvroShape(int[] shape) {
        List<Integer> dims = new ArrayList<>(shape.length);
        for (int d : shape) {
            dims.add(d);
        }
        return dims;
    }

    public static List<List<Integer>> toAvroShapes(List<int[]> shapes) {
        List<List<Integer>> out = new ArrayList<>(shapes.size());
        for (int[] shape : shapes) {
            out.add(toAvroShape(shape));
        }
        return out;
    }

    /**
     * The number of values {@code shapes} describe: the sum over tensors of the product of their
     * dimensions.
     *
     * @throws TensorFormatException ({@code SHAPE_MISMATCH}) if a dimension is negative or the
     *     count does not fit a long; negative dimensions could otherwise cancel out ({@code [-1,
     *     -1]} describing one value) and large ones wrap around
     */
    public static long elementCount(List<int[]> shapes) {
        long total = 0;
        for (int t = 0; t < shapes.size(); t++) {
            int[] shape = shapes.get(t);
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new TensorFormatException(
                            ReasonCode.SHAPE_MISMATCH,
                            "dimension " + d + " of tensor " + t + ": expected >= 0");
                }
                n = d == 0 ? 0 : n; // a zero dimension makes the tensor empty, however large the
                // rest
            }
            for (int i = 0; i < shape.length && n != 0; i++) {
                try {
                    n = Math.multiplyExact(n, shape[i]);
                } catch (ArithmeticException e) {
                    throw new TensorFormatException(
                            ReasonCode.SHAPE_MISMATCH,
                            "tensor " + t + " has more than " + Long.MAX_VALUE + " values");
                }
            }
            try {
                total = Math.addExact(total, n);
            } catch (ArithmeticException e) {
                throw new TensorFormatException(
                        ReasonCode.SHAPE_MISMATCH,
                        "shapes describe more than " + Long.MAX_VALUE + " values");
            }
        }
        return total;
    }
}
