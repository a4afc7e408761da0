package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The index section of SPARSE_F32 and SPARSE_Q8 tensors, in whichever of two layouts is smaller for
 * the update's density (chosen per update by exact size):
 *
 * <ul>
 *   <li>{@link #DELTA} (mode byte 0): for each kept index {@code i_j}, the gap {@code i_j -
 *       i_(j-1)} (with {@code i_(-1) = -1}) as an Avro long (zig-zag varint). Valid gaps are {@code
 *       >= 1}; a gap of 0 is a duplicate index and a negative gap an unsorted one.
 *   <li>{@link #BITMAP} (mode byte 1): {@code ceil(d / 8)} bytes, bit {@code i mod 8} (least
 *       significant first) of byte {@code i / 8} set iff index {@code i} is kept; the padding bits
 *       after {@code d} are 0.
 * </ul>
 *
 * A gap of {@code g} costs one byte while {@code g <= 63}; the bitmap costs 1/8 byte per
 * coordinate, so the bitmap wins above a density of roughly 1/8 (measured: docs/wire-format.md).
 */
public final class SparseIndices {
    public static final byte DELTA = 0;
    public static final byte BITMAP = 1;

    private SparseIndices() {}

    /** Bytes of the DELTA layout of {@code indices}. */
    public static long deltaBytes(int[] indices) {
        long total = 0;
        long prev = -1;
        for (int i : indices) {
            total += ZigZag.size(i - prev);
            prev = i;
        }
        return total;
    }

    public static long bitmapBytes(int length) {
        return (length + 7L) / 8;
    }

    /** The smaller layout for these indices of a vector of {@code length}. */
    public static byte choose(int[] indices, int length) {
        return deltaBytes(indices) <= bitmapBytes(length) ? DELTA : BITMAP;
    }

    static long size(byte mode, int[] indices, int length) {
        return mode == DELTA ? deltaBytes(indices) : bitmapBytes(length);
    }

    static void write(byte mode, int[] indices, int length, ByteBuffer out) {
        if (mode == DELTA) {
            long prev = -1;
            for (int i : indices) {
                ZigZag.write(i - prev, out);
                prev = i;
            }
        } else {
            byte[] bits = new byte[(int) bitmapBytes(length)];
            for (int i : indices) {
                bits[i >>> 3] |= (byte) (1 << (i & 7));
            }
            out.put(bits);
        }
    }

    /**
     * Reads {@code count} indices of a vector of {@code length} and checks them: in range, strictly
     * increasing (so no duplicates), as many as announced.
     */
    static int[] read(byte mode, int count, int length, ByteBuffer in) {
        int[] out = new int[count];
        if (mode == DELTA) {
            long prev = -1;
            for (int j = 0; j < count; j++) {
                long gap = ZigZag.read(in, "index gap " + j);
                if (gap == 0) {
                    throw new TensorFormatException(
                            ReasonCode.DUPLICATE_INDEX,
                            "index " + prev + " repeated at position " + j + " (gap 0)");
                }
                if (gap < 0) {
                    throw new TensorFormatException(
                            ReasonCode.UNSORTED_INDICES,
                            "index gap "
                                    + gap
                                    + " at position "
                                    + j
                                    + " after index "
                                    + prev
                                    + ": indices must increase");
                }
                if (gap >= length - prev) {
                    throw new TensorFormatException(
                            ReasonCode.INDEX_OUT_OF_RANGE,
                            "index "
                                    + (gap > Long.MAX_VALUE / 2 ? "beyond 2^62" : prev + gap)
                                    + " at position "
                                    + j
                                    + " vs length "
                                    + length);
                }
                prev += gap;
                out[j] = (int) prev;
            }
            return out;
        }
        if (mode != BITMAP) {
            throw new TensorFormatException(
                    ReasonCode.UNSUPPORTED_ENCODING,
                    "index mode " + mode + " vs known 0 (delta) and 1 (bitmap)");
        }
        byte[] bits = new byte[(int) bitmapBytes(length)];
        try {
            in.get(bits);
        } catch (BufferUnderflowException e) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "bitmap needs " + bits.length + " bytes but " + in.remaining() + " remain");
        }
        int j = 0;
        for (int byteIndex = 0; byteIndex < bits.length; byteIndex++) {
            int b = bits[byteIndex] & 0xFF;
            while (b != 0) {
                int i = byteIndex * 8 + Integer.numberOfTrailingZeros(b);
                b &= b - 1;
                if (i >= length) {
                    throw new TensorFormatException(
                            ReasonCode.INDEX_OUT_OF_RANGE,
                            "bitmap sets index " + i + " vs length " + length);
                }
                if (j == count) {
                    throw new TensorFormatException(
                            ReasonCode.LENGTH_MISMATCH,
                            "bitmap sets more than the announced " + count + " indices");
                }
                out[j++] = i;
            }
        }
        if (j != count) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "bitmap sets " + j + " indices vs the announced " + count);
        }
        return out;
    }
}
