package io.fedstream.contract.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Where the numbers and the length-prefixed fields sit in a valid Avro single-object record, so a
 * mutator can hit a length, a block count, a union branch or an enum index instead of a random
 * byte. Found by walking the writer schema over the bytes (which must be valid: this is a test aid
 * for records an encoder just wrote, not a decoder).
 *
 * @param varints every varint: ints, longs, enum and union indices, string and bytes lengths, array
 *     and map block counts
 * @param blobs every string and bytes field
 */
public record AvroLayout(List<Span> varints, List<Blob> blobs) {
    /** What a varint stands for. */
    public enum Kind {
        /** An int or long field. */
        NUMBER,
        /** The length of a string or bytes field. */
        LENGTH,
        /** An array or map block count, or the byte size after a negative count. */
        COUNT,
        /** An enum symbol or union branch. */
        INDEX
    }

    /** A varint at bytes {@code [start, end)}. */
    public record Span(int start, int end, Kind kind) {}

    /** A length prefix at {@code [start, contentStart)}, then the content up to {@code end}. */
    public record Blob(int start, int contentStart, int end) {}

    /** The layout of {@code bytes}: the 10-byte header, then a body written with {@code schema}. */
    public static AvroLayout of(Schema schema, byte[] bytes) {
        Walker w = new Walker(bytes, 10);
        w.walk(schema);
        if (w.pos != bytes.length) {
            throw new IllegalArgumentException(
                    "record ends at byte " + w.pos + " of " + bytes.length + ": not one record");
        }
        return new AvroLayout(List.copyOf(w.varints), List.copyOf(w.blobs));
    }

    private static final class Walker {
        final byte[] b;
        int pos;
        final List<Span> varints = new ArrayList<>();
        final List<Blob> blobs = new ArrayList<>();

        Walker(byte[] b, int pos) {
            this.b = b;
            this.pos = pos;
        }

        long varint(Kind kind) {
            int start = pos;
            long z = 0;
            for (int shift = 0; ; shift += 7) {
                int x = b[pos++] & 0xFF;
                z |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    break;
                }
            }
            varints.add(new Span(start, pos, kind));
            return (z >>> 1) ^ -(z & 1);
        }

        void walk(Schema s) {
            switch (s.getType()) {
                case NULL -> {}
                case BOOLEAN -> pos++;
                case INT, LONG -> varint(Kind.NUMBER);
                case ENUM -> varint(Kind.INDEX);
                case FLOAT -> pos += 4;
                case DOUBLE -> pos += 8;
                case FIXED -> pos += s.getFixedSize();
                case STRING, BYTES -> {
                    int start = pos;
                    long n = varint(Kind.LENGTH);
                    blobs.add(new Blob(start, pos, pos + (int) n));
                    pos += (int) n;
                }
                case UNION -> walk(s.getTypes().get((int) varint(Kind.INDEX)));
                case RECORD -> s.getFields().forEach(f -> walk(f.schema()));
                case ARRAY, MAP -> {
                    for (long n = varint(Kind.COUNT); n != 0; n = varint(Kind.COUNT)) {
                        if (n < 0) {
                            n = -n;
                            varint(Kind.COUNT);
                        }
                        for (long i = 0; i < n; i++) {
                            if (s.getType() == Schema.Type.MAP) {
                                walk(Schema.create(Schema.Type.STRING));
                                walk(s.getValueType());
                            } else {
                                walk(s.getElementType());
                            }
                        }
                    }
                }
            }
        }
    }
}
