package io.fedstream.contract;

import org.apache.avro.Schema;

/**
 * Walks one Avro binary datum of a schema over a byte array, reading every length and count the way
 * Avro's decoder will and refusing any that the bytes left cannot back, before the decoder
 * allocates anything.
 *
 * <p>Why not {@code GenericDatumReader.skip}: Avro's skip and read disagree on a block with a
 * negative count ({@code -n}, then the block's size in bytes). Skip jumps over the size and reads
 * the next count; read takes {@code n} items and ignores the size. So a block of {@code -2^30}
 * items with size 0 passed the skip and then made the decoder allocate an array of 2^30 elements
 * (OutOfMemoryError). Here a block is read as the decoder reads it, and it may not claim more items
 * than bytes are left (no item of the contract's schemas takes zero bytes).
 */
final class BoundedSkip {
    private final byte[] bytes;
    private final int end;
    private int pos;

    private BoundedSkip(byte[] bytes, int from, int end) {
        this.bytes = bytes;
        this.pos = from;
        this.end = end;
    }

    /** Thrown on a datum that is truncated or claims more than its bytes. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Walks one datum of {@code schema} starting at {@code from}.
     *
     * @return the position just after it
     * @throws Refused if a length or count is negative or beyond the bytes left, a varint is
     *     overlong, a union branch does not exist, or the bytes end inside the datum
     */
    static int skip(Schema schema, byte[] bytes, int from) throws Refused {
        BoundedSkip walk = new BoundedSkip(bytes, from, bytes.length);
        walk.datum(schema);
        return walk.pos;
    }

    private void datum(Schema s) throws Refused {
        switch (s.getType()) {
            case NULL -> {}
            case BOOLEAN -> advance(1, "boolean");
            case INT, ENUM -> varint(5, s.getType() == Schema.Type.ENUM ? "enum index" : "int");
            case LONG -> varint(10, "long");
            case FLOAT -> advance(4, "float");
            case DOUBLE -> advance(8, "double");
            case FIXED -> advance(s.getFixedSize(), "fixed");
            case STRING, BYTES -> {
                long n = varint(10, "length");
                if (n < 0 || n > end - pos) {
                    throw new Refused(
                            s.getType().getName()
                                    + " length "
                                    + n
                                    + " at byte "
                                    + pos
                                    + " vs "
                                    + (end - pos)
                                    + " bytes left");
                }
                pos += (int) n;
            }
            case UNION -> {
                long branch = varint(5, "union branch");
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new Refused(
                            "union branch " + branch + " of " + s.getTypes().size() + " branches");
                }
                datum(s.getTypes().get((int) branch));
            }
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    datum(f.schema());
                }
            }
            case ARRAY, MAP -> {
                for (long n = count(); n != 0; n = count()) {
                    for (long i = 0; i < n; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            datum(Schema.create(Schema.Type.STRING));
                            datum(s.getValueType());
                        } else {
                            datum(s.getElementType());
                        }
                    }
                }
            }
        }
    }

    /** A block count as the decoder reads it: {@code -n} means n items, then a size it ignores. */
    private long count() throws Refused {
        int at = pos;
        long n = varint(10, "block count");
        if (n < 0) {
            long size = varint(10, "block size");
            if (n == Long.MIN_VALUE || size < 0) {
                throw new Refused("block count " + n + " with size " + size + " at byte " + at);
            }
            n = -n;
        }
        if (n > end - pos) {
            throw new Refused(
                    "block of "
                            + n
                            + " items at byte "
                            + at
                            + " vs "
                            + (end - pos)
                            + " bytes left (each item takes at least one)");
        }
        return n;
    }

    /** A zig-zag varint of at most {@code maxBytes} bytes, as Avro's readInt and readLong. */
    private long varint(int maxBytes, String what) throws Refused {
        long z = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw new Refused("data ends inside the " + what + " at byte " + pos);
            }
            int b = bytes[pos++] & 0xFF;
            z |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (maxBytes == 5) {
                    int zi = (int) z; // Avro's readInt keeps the low 32 bits
                    return (zi >>> 1) ^ -(zi & 1);
                }
                return (z >>> 1) ^ -(z & 1);
            }
        }
        throw new Refused(what + " at byte " + (pos - maxBytes) + " is longer than " + maxBytes);
    }

    private void advance(int n, String what) throws Refused {
        if (n > end - pos) {
            throw new Refused("data ends inside the " + what + " at byte " + pos);
        }
        pos += n;
    }
}
