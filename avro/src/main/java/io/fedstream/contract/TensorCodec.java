package io.fedstream.contract;

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

    public static long elementCount(List<int[]> shapes) {
        long total = 0;
        for (int[] shape : shapes) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            total += n;
        }
        return total;
    }
}
