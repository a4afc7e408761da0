package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encoders and the validating decoder of the compressed tensor encodings (byte layouts in
 * docs/wire-format.md). All multi-byte numbers are little-endian; counts are Avro longs.
 *
 * <ul>
 *   <li>SPARSE_F32: mode byte, nnz, indices ({@link SparseIndices}), nnz float32 values.
 *   <li>DENSE_Q8: {@code ceil(d / 256)} float32 scales, then d int8 codes.
 *   <li>SPARSE_Q8: mode byte, nnz, indices, {@code ceil(nnz / 256)} float32 scales, nnz int8 codes.
 * </ul>
 *
 * A code {@code q} in block {@code b} stands for {@code q * scale_b / 127} ({@link Q8#value}).
 */
public final class CompressedTensors {
    private CompressedTensors() {}

    /** A SPARSE_F32 tensor of {@code values} at {@code indices} (strictly increasing). */
    public static Tensor sparse(int[] indices, float[] values, List<int[]> shapes) {
        int length = checkedLength(shapes, indices, values.length);
        byte mode = SparseIndices.choose(indices, length);
        long size =
                1
                        + ZigZag.size(indices.length)
                        + SparseIndices.size(mode, indices, length)
                        + 4L * values.length;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(mode);
        ZigZag.write(indices.length, out);
        SparseIndices.write(mode, indices, length, out);
        for (float v : values) {
            out.putFloat(v);
        }
        return tensor(TensorEncoding.SPARSE_F32, shapes, out);
    }

    /** A DENSE_Q8 tensor of the quantized full vector. */
    public static Tensor denseQ8(Q8.Quantized q, List<int[]> shapes) {
        long length = TensorCodec.elementCount(shapes);
        if (length != q.codes().length) {
            throw new IllegalArgumentException(
                    "shapes describe " + length + " values but " + q.codes().length + " codes");
        }
        ByteBuffer out =
                ByteBuffer.allocate(4 * q.scales().length + q.codes().length)
                        .order(ByteOrder.LITTLE_ENDIAN);
        putQ8(q, out);
        return tensor(TensorEncoding.DENSE_Q8, shapes, out);
    }

    /** A SPARSE_Q8 tensor: the quantized {@code values} kept at {@code indices}. */
    public static Tensor sparseQ8(int[] indices, Q8.Quantized q, List<int[]> shapes) {
        int length = checkedLength(shapes, indices, q.codes().length);
        byte mode = SparseIndices.choose(indices, length);
        long size =
                1
                        + ZigZag.size(indices.length)
                        + SparseIndices.size(mode, indices, length)
                        + 4L * q.scales().length
                        + q.codes().length;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(mode);
        ZigZag.write(indices.length, out);
        SparseIndices.write(mode, indices, length, out);
        putQ8(q, out);
        return tensor(TensorEncoding.SPARSE_Q8, shapes, out);
    }

    /**
     * Decodes and validates a tensor of any known encoding: byte counts match the layout, indices
     * are in range and strictly increasing, scales are finite and {@code >= 0}, Q8 codes are in
     * [-127, 127], values are finite.
     *
     * @throws TensorFormatException naming the broken rule
     */
    public static DecodedTensor decode(Tensor tensor) {
        long count = TensorCodec.elementCount(toShapes(tensor.getShapes()));
        if (count > Integer.MAX_VALUE - 8 || count < 0) {
            throw new TensorFormatException(
                    ReasonCode.SHAPE_MISMATCH, "shapes describe " + count + " values");
        }
        int length = (int) count;
        ByteBuffer data = tensor.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            DecodedTensor out =
                    switch (tensor.getEncoding()) {
                        case DENSE_F32_LE -> decodeDense(data, length);
                        case SPARSE_F32 -> decodeSparse(data, length, false);
                        case DENSE_Q8 -> new DecodedTensor(length, null, readQ8(data, length));
                        case SPARSE_Q8 -> decodeSparse(data, length, true);
                        default ->
                                throw new TensorFormatException(
                                        ReasonCode.UNSUPPORTED_ENCODING,
                                        "encoding "
                                                + tensor.getEncoding()
                                                + " vs supported DENSE_F32_LE, SPARSE_F32, DENSE_Q8, SPARSE_Q8");
                    };
            if (data.hasRemaining()) {
                throw new TensorFormatException(
                        ReasonCode.LENGTH_MISMATCH,
                        data.remaining()
                                + " bytes left after the "
                                + tensor.getEncoding()
                                + " layout of "
                                + length
                                + " values");
            }
            float[] v = out.values();
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw new TensorFormatException(
                            ReasonCode.NON_FINITE,
                            "value "
                                    + v[j]
                                    + " at index "
                                    + (out.indices() == null ? j : out.indices()[j]));
                }
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "data has "
                            + tensor.getData().remaining()
                            + " bytes, too few for its "
                            + tensor.getEncoding()
                            + " layout of "
                            + length
                            + " values");
        }
    }

    private static DecodedTensor decodeDense(ByteBuffer data, int length) {
        if (data.remaining() != 4L * length) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "data has "
                            + data.remaining()
                            + " bytes vs "
                            + 4L * length
                            + " for "
                            + length
                            + " float32 values");
        }
        float[] values = new float[length];
        data.asFloatBuffer().get(values);
        data.position(data.limit());
        return new DecodedTensor(length, null, values);
    }

    private static DecodedTensor decodeSparse(ByteBuffer data, int length, boolean q8) {
        byte mode = data.get();
        long nnz = ZigZag.read(data, "nnz");
        if (nnz < 0 || nnz > length) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH, "nnz " + nnz + " vs length " + length);
        }
        if (nnz > data.remaining()) {
            // Each kept value takes at least one byte (a Q8 code; a float takes four), so this
            // bounds the index and value arrays by the bytes present before they are allocated.
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "nnz "
                            + nnz
                            + " vs "
                            + data.remaining()
                            + " bytes left for indices and values");
        }
        int n = (int) nnz;
        int[] indices = SparseIndices.read(mode, n, length, data);
        float[] values;
        if (q8) {
            values = readQ8(data, n);
        } else {
            if (data.remaining() < 4L * n) {
                throw new TensorFormatException(
                        ReasonCode.LENGTH_MISMATCH,
                        data.remaining() + " bytes for " + n + " float32 values");
            }
            values = new float[n];
            for (int j = 0; j < n; j++) {
                values[j] = data.getFloat();
            }
        }
        return new DecodedTensor(length, indices, values);
    }

    private static float[] readQ8(ByteBuffer data, int n) {
        int blocks = Q8.blocks(n);
        long need = 4L * blocks + n;
        if (data.remaining() < need) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    data.remaining()
                            + " bytes vs "
                            + need
                            + " for "
                            + n
                            + " int8 codes and "
                            + blocks
                            + " scales");
        }
        float[] scales = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            scales[b] = data.getFloat();
            if (!Float.isFinite(scales[b]) || scales[b] < 0) {
                throw new TensorFormatException(
                        ReasonCode.BAD_SCALE,
                        "scale " + scales[b] + " of block " + b + ": expected finite and >= 0");
            }
        }
        byte[] codes = new byte[n];
        data.get(codes);
        for (int j = 0; j < n; j++) {
            if (codes[j] == Byte.MIN_VALUE) {
                // The code range is symmetric, [-127, 127] (Q8.quantize never writes -128): -128
                // would stand for a value beyond its block's scale, the block's max |x|.
                throw new TensorFormatException(
                        ReasonCode.BAD_SCALE,
                        "code -128 of value "
                                + j
                                + " (block "
                                + j / Q8.BLOCK
                                + "): expected [-127, 127]");
            }
        }
        return Q8.dequantize(new Q8.Quantized(scales, codes));
    }

    private static void putQ8(Q8.Quantized q, ByteBuffer out) {
        for (float s : q.scales()) {
            out.putFloat(s);
        }
        out.put(q.codes());
    }

    private static int checkedLength(List<int[]> shapes, int[] indices, int values) {
        long length = TensorCodec.elementCount(shapes);
        if (indices.length != values) {
            throw new IllegalArgumentException(
                    indices.length + " indices vs " + values + " values");
        }
        for (int j = 0; j < indices.length; j++) {
            if (indices[j] < 0 || indices[j] >= length || (j > 0 && indices[j] <= indices[j - 1])) {
                throw new IllegalArgumentException(
                        "index "
                                + indices[j]
                                + " at position "
                                + j
                                + ": expected strictly increasing in [0, "
                                + length
                                + ")");
            }
        }
        return (int) length;
    }

    private static Tensor tensor(TensorEncoding encoding, List<int[]> shapes, ByteBuffer out) {
        out.flip();
        return Tensor.newBuilder()
                .setEncoding(encoding)
                .setShapes(TensorCodec.toAvroShapes(shapes))
                .setData(out)
                .build();
    }

    /**
     * Bytes an Avro {@code bytes} field of {@code n} bytes takes: its length as an Avro long, then
     * the bytes. Exchanging one tensor's data for another changes a record's size by the difference
     * of these, since the encoding enum is one byte whatever its symbol.
     */
    public static long bytesFieldSize(long n) {
        return ZigZag.size(n) + n;
    }

    static List<int[]> toShapes(List<List<Integer>> shapes) {
        return shapes.stream().map(s -> s.stream().mapToInt(Integer::intValue).toArray()).toList();
    }
}
