package io.fedstream.contract;

import io.fedstream.avro.ReasonCode;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Avro's encoding of a {@code long}: zig-zag ({@code (n << 1) ^ (n >> 63)}) then base-128 varint,
 * low group first, high bit = more bytes follow. Any Avro library can read these with its own long
 * decoder.
 */
final class ZigZag {
    private ZigZag() {}

    static int size(long n) {
        long z = (n << 1) ^ (n >> 63);
        int bytes = 1;
        while ((z & ~0x7FL) != 0) {
            z >>>= 7;
            bytes++;
        }
        return bytes;
    }

    static void write(long n, ByteBuffer out) {
        long z = (n << 1) ^ (n >> 63);
        while ((z & ~0x7FL) != 0) {
            out.put((byte) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.put((byte) z);
    }

    static long read(ByteBuffer in, String what) {
        long z = 0;
        try {
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.get() & 0xFF;
                z |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
        } catch (BufferUnderflowException e) {
            throw new TensorFormatException(
                    ReasonCode.LENGTH_MISMATCH, "data ends inside the varint of " + what);
        }
        throw new TensorFormatException(
                ReasonCode.UNDECODABLE, "varint of " + what + " is longer than 10 bytes");
    }
}
