package io.fedstream.contract.fuzz;

import io.fedstream.contract.fuzz.AvroLayout.Blob;
import io.fedstream.contract.fuzz.AvroLayout.Kind;
import io.fedstream.contract.fuzz.AvroLayout.Span;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutations of valid bytes: bit flips, byte sets, inserts, deletes, truncation, splices, trailing
 * bytes, extreme varints written anywhere and, given an {@link AvroLayout}, aimed ones: a length,
 * count, number or index set to a huge, negative, zero or just-too-large value, a block count made
 * negative (Avro's "count then byte size" form), or a string or bytes field's content mutated with
 * its length prefix rewritten to match, so the record stays well-framed and the decoder behind it
 * (tensor layouts, UTF-8, ids) gets the hostile bytes.
 */
public final class Mutators {
    private Mutators() {}

    /** Mutated bytes and the steps that made them; prints as a Java byte literal. */
    public record Mutated(byte[] bytes, List<String> steps) {
        @Override
        public String toString() {
            return steps + " -> " + Hex.literal(bytes);
        }
    }

    /** One to four mutations of {@code valid}; the first may use {@code layout} (or null). */
    public static Mutated mutate(Draw d, byte[] valid, AvroLayout layout) {
        List<String> steps = new ArrayList<>();
        byte[] b = valid;
        int n = d.pick(1, 1, 1, 2, 2, 3, 4);
        for (int i = 0; i < n; i++) {
            b = once(d, b, i == 0 ? layout : null, steps);
        }
        return new Mutated(b, List.copyOf(steps));
    }

    static byte[] once(Draw d, byte[] b, AvroLayout layout, List<String> steps) {
        if (layout != null && !d.oneIn(3)) {
            return aimed(d, b, layout, steps);
        }
        int pos = b.length == 0 ? 0 : d.below(b.length);
        switch (d.below(b.length == 0 ? 2 : 9)) {
            case 0:
                {
                    byte[] extra = randomBytes(d, d.between(1, 16));
                    steps.add("append " + extra.length + " bytes");
                    return concat(b, b.length, extra, b, b.length);
                }
            case 1:
                {
                    byte[] extra = randomBytes(d, d.between(1, 16));
                    int at = d.between(0, b.length);
                    steps.add("insert " + extra.length + " bytes at " + at);
                    return concat(b, at, extra, b, at);
                }
            case 2:
                {
                    byte[] out = b.clone();
                    int bit = d.below(8);
                    out[pos] ^= (byte) (1 << bit);
                    steps.add("flip bit " + bit + " of byte " + pos);
                    return out;
                }
            case 3:
                {
                    byte[] out = b.clone();
                    out[pos] =
                            (byte) (int) d.pick(0x00, 0xFF, 0x7F, 0x80, 0x01, 0xC3, d.below(256));
                    steps.add(String.format("set byte %d to 0x%02X", pos, out[pos] & 0xFF));
                    return out;
                }
            case 4:
                {
                    int len = Math.min(b.length - pos, d.between(1, 16));
                    steps.add("delete " + len + " bytes at " + pos);
                    return concat(b, pos, new byte[0], b, pos + len);
                }
            case 5:
                steps.add("truncate to " + pos + " bytes");
                return Arrays.copyOf(b, pos);
            case 6:
                {
                    int from = d.below(b.length);
                    int len = Math.min(b.length - from, d.between(1, 32));
                    byte[] chunk = Arrays.copyOfRange(b, from, from + len);
                    boolean overwrite = d.oneIn(2);
                    steps.add(
                            "splice "
                                    + len
                                    + " bytes from "
                                    + from
                                    + (overwrite ? " over " : " into ")
                                    + pos);
                    int end = overwrite ? Math.min(b.length, pos + len) : pos;
                    return concat(b, pos, chunk, b, end);
                }
            default:
                {
                    byte[] v = extremeVarint(d, b.length - pos);
                    int replace = Math.min(b.length - pos, d.below(3));
                    steps.add(
                            "write varint " + Hex.of(v) + " over " + replace + " bytes at " + pos);
                    return concat(b, pos, v, b, pos + replace);
                }
        }
    }

    private static byte[] aimed(Draw d, byte[] b, AvroLayout layout, List<String> steps) {
        if (!layout.blobs().isEmpty() && d.oneIn(2)) {
            Blob blob = d.pick(layout.blobs());
            byte[] content = Arrays.copyOfRange(b, blob.contentStart(), blob.end());
            List<String> inner = new ArrayList<>();
            byte[] mutated = once(d, content, null, inner);
            steps.add("in the field at " + blob.start() + ": " + inner + ", length rewritten");
            return concat(
                    b, blob.start(), concat(Varints.of(mutated.length), mutated), b, blob.end());
        }
        Span span = d.pick(layout.varints());
        int left = b.length - span.end();
        byte[] v;
        if (span.kind() == Kind.COUNT && d.oneIn(2)) {
            // Avro's other block form: a negative count, then the block's size in bytes.
            long count = d.oneIn(2) ? -d.between(1L, 1L << 31) : -(left + d.between(0, 2));
            long size = d.pick(0L, 1L, (long) left, -1L, Long.MAX_VALUE);
            v = concat(Varints.of(count), Varints.of(size));
            steps.add("block count at " + span.start() + " set to " + count + ", size " + size);
        } else {
            v = extremeVarint(d, left);
            steps.add(span.kind() + " at " + span.start() + " set to varint " + Hex.of(v));
        }
        return concat(b, span.start(), v, b, span.end());
    }

    /**
     * A varint holding a limit value, or the bytes left after it ({@code left}) give or take one,
     * or an overlong encoding (ten or eleven bytes).
     */
    static byte[] extremeVarint(Draw d, int left) {
        return switch (d.below(5)) {
            case 0 -> Varints.of(left + d.between(-1, 1));
            case 1 -> Varints.of(-left - d.between(0, 1));
            case 2 -> d.oneIn(2) ? overlong(10) : overlong(11);
            default -> Varints.of(Values.extremeLong(d));
        };
    }

    private static byte[] overlong(int n) {
        byte[] v = new byte[n];
        Arrays.fill(v, (byte) 0xFF);
        v[n - 1] = 0x01;
        return v;
    }

    private static byte[] randomBytes(Draw d, int n) {
        byte[] out = new byte[n];
        SplittableRandom rng = d.rng();
        rng.nextBytes(out);
        return out;
    }

    /** {@code a[0, aEnd)} + {@code mid} + {@code c[cStart, c.length)}. */
    static byte[] concat(byte[] a, int aEnd, byte[] mid, byte[] c, int cStart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(aEnd + mid.length + c.length);
        out.write(a, 0, aEnd);
        out.write(mid, 0, mid.length);
        out.write(c, cStart, c.length - cStart);
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        return concat(a, a.length, b, b, b.length);
    }
}
