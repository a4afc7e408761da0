package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;
import java.nio.ByteBuffer;

/**
 * The index section of SPARSE_F32 and SPARSE_Q8 tensors, in whichever of three layouts is smallest
 * for the update (chosen per update by exact size):
 *
 * <ul>
 *   <li>{@link #DELTA} (mode byte 0): for each kept index {@code i_j}, the gap {@code i_j -
 *       i_(j-1)} (with {@code i_(-1) = -1}) as an Avro long (zig-zag varint). Valid gaps are {@code
 *       >= 1}; a gap of 0 is a duplicate index and a negative gap an unsorted one.
 *   <li>{@link #BITMAP} (mode byte 1): {@code ceil(d / 8)} bytes, bit {@code i mod 8} (least
 *       significant first) of byte {@code i / 8} set iff index {@code i} is kept; the padding bits
 *       after {@code d} are 0.
 *   <li>{@link #RICE} (mode byte 2): one byte {@code b} (0..30), then the gaps minus one, {@code g
 *       = i_j - i_(j-1) - 1 >= 0}, Golomb-Rice coded in a bit stream: {@code g >>> b} one-bits, a
 *       zero-bit, then the low {@code b} bits of {@code g}, most significant first; bits fill each
 *       byte from its most significant bit and the last byte is padded with zero bits. Duplicates
 *       and unsorted indices cannot be expressed.
 * </ul>
 *
 * A varint gap costs one byte while {@code g <= 63}; the bitmap 1/8 byte per coordinate; Rice about
 * {@code b + 1 + g / 2^b} bits a gap, close to the entropy of the index set when gaps are roughly
 * geometric. Measured sizes by density: docs/wire-format.md.
 */
public final class SparseIndices {
    public static final byte DELTA = 0;
    public static final byte BITMAP = 1;
    public static final byte RICE = 2;

    /** Largest Rice parameter an encoder may choose. */
    static final int MAX_RICE_BITS = 30;

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

    /**
     * Bytes of the RICE layout of {@code indices} with parameter {@code b}, the b byte included.
     */
    public static long riceBytes(int[] indices, int b) {
        long bits = 0;
        long prev = -1;
        for (int i : indices) {
            long g = i - prev - 1;
            bits += (g >>> b) + 1 + b;
            prev = i;
        }
        return 1 + (bits + 7) / 8;
    }

    /** The Rice parameter that makes {@code indices} smallest. */
    public static int bestRiceBits(int[] indices) {
        int best = 0;
        long bestBytes = Long.MAX_VALUE;
        for (int b = 0; b <= MAX_RICE_BITS; b++) {
            long bytes = riceBytes(indices, b);
            if (bytes < bestBytes) {
                bestBytes = bytes;
                best = b;
            }
        }
        return best;
    }

    /** The smallest layout for these indices of a vector of {@code length}. */
    public static byte choose(int[] indices, int length) {
        long delta = deltaBytes(indices);
        long bitmap = bitmapBytes(length);
        long rice = riceBytes(indices, bestRiceBits(indices));
        if (rice < delta && rice < bitmap) {
            return RICE;
        }
        return delta <= bitmap ? DELTA : BITMAP;
    }

    static long size(byte mode, int[] indices, int length) {
        return switch (mode) {
            case DELTA -> deltaBytes(indices);
            case BITMAP -> bitmapBytes(length);
            default -> riceBytes(indices, bestRiceBits(indices));
        };
    }

    static void write(byte mode, int[] indices, int length, ByteBuffer out) {
        if (mode == DELTA) {
            long prev = -1;
            for (int i : indices) {
                ZigZag.write(i - prev, out);
                prev = i;
            }
        } else if (mode == RICE) {
            int b = bestRiceBits(indices);
            out.put((byte) b);
            BitWriter w = new BitWriter(out);
            long prev = -1;
            for (int i : indices) {
                long g = i - prev - 1;
                for (long q = g >>> b; q > 0; q--) {
                    w.bit(1);
                }
                w.bit(0);
                for (int k = b - 1; k >= 0; k--) {
                    w.bit((int) (g >>> k) & 1);
                }
                prev = i;
            }
            w.flush();
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
        if (mode == RICE) {
            return readRice(count, length, in, out);
        }
        if (mode != BITMAP) {
            throw new TensorFormatException(
                    ReasonCode.UNSUPPORTED_ENCODING,
                    "index mode " + mode + " vs known 0 (delta), 1 (bitmap) and 2 (rice)");
        }
        long bitmapBytes = bitmapBytes(length);
        if (bitmapBytes > in.remaining()) {
            // Checked before allocating: the length comes from the shapes, not from the bytes.
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH,
                    "bitmap needs " + bitmapBytes + " bytes but " + in.remaining() + " remain");
        }
        byte[] bits = new byte[(int) bitmapBytes];
        in.get(bits);
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

    private static int[] readRice(int count, int length, ByteBuffer in, int[] out) {
        int b = in.get();
        if (b < 0 || b > MAX_RICE_BITS) {
            throw new TensorFormatException(
                    ReasonCode.UNSUPPORTED_ENCODING,
                    "rice parameter " + b + " vs 0.." + MAX_RICE_BITS);
        }
        BitReader r = new BitReader(in);
        long prev = -1;
        for (int j = 0; j < count; j++) {
            long q = 0;
            while (r.bit() == 1) {
                q++;
                if ((q << b) >= length) {
                    throw new TensorFormatException(
                            ReasonCode.INDEX_OUT_OF_RANGE,
                            "rice gap at position " + j + " runs past length " + length);
                }
            }
            long g = q << b;
            for (int k = b - 1; k >= 0; k--) {
                g |= (long) r.bit() << k;
            }
            long index = prev + g + 1;
            if (index >= length) {
                throw new TensorFormatException(
                        ReasonCode.INDEX_OUT_OF_RANGE,
                        "index " + index + " at position " + j + " vs length " + length);
            }
            out[j] = (int) index;
            prev = index;
        }
        return out;
    }

    /** Bits into bytes, most significant bit first. */
    private static final class BitWriter {
        private final ByteBuffer out;
        private int current;
        private int used;

        BitWriter(ByteBuffer out) {
            this.out = out;
        }

        void bit(int bit) {
            current = (current << 1) | bit;
            if (++used == 8) {
                out.put((byte) current);
                current = 0;
                used = 0;
            }
        }

        void flush() {
            if (used > 0) {
                out.put((byte) (current << (8 - used)));
                current = 0;
                used = 0;
            }
        }
    }

    /** Bits from bytes, most significant bit first; running out is a length mismatch. */
    private static final class BitReader {
        private final ByteBuffer in;
        private int current;
        private int left;

        BitReader(ByteBuffer in) {
            this.in = in;
        }

        int bit() {
            if (left == 0) {
                if (!in.hasRemaining()) {
                    throw new TensorFormatException(
                            ReasonCode.LENGTH_MISMATCH, "data ends inside the rice-coded indices");
                }
                current = in.get() & 0xFF;
                left = 8;
            }
            left--;
            return (current >>> left) & 1;
        }
    }
}
