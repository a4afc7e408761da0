package io.fedstream.contract.fuzz;

import java.io.ByteArrayOutputStream;

/** Avro's zig-zag varint, written independently of the code under test. */
public final class Varints {
    private Varints() {}

    public static byte[] of(long n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        long z = (n << 1) ^ (n >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }
}
