package io.fedstream.contract.fuzz;

import java.util.SplittableRandom;

/**
 * Field values for generated records: mostly plausible, often extreme. Every string is valid UTF-16
 * (no lone surrogate), so a record made of them encodes and decodes to itself; hostile bytes inside
 * a string are the mutators' job.
 */
public final class Values {
    private static final long[] EXTREME_LONGS = {
        0,
        1,
        -1,
        2,
        127,
        128,
        -128,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        1L << 31,
        1L << 32,
        1L << 62,
        -(1L << 62),
        Long.MAX_VALUE,
        Long.MIN_VALUE,
        Long.MAX_VALUE - 1,
        Long.MIN_VALUE + 1
    };

    private static final double[] EXTREME_DOUBLES = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        Double.NaN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MIN_NORMAL,
        Double.MAX_VALUE,
        -Double.MAX_VALUE,
        Double.longBitsToDouble(0x7FF0_0000_0000_0001L), // a signalling NaN
        1e308,
        1e-308
    };

    private static final float[] EXTREME_FLOATS = {
        0f,
        -0f,
        1f,
        -1f,
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MIN_NORMAL,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        Float.intBitsToFloat(0x7F80_0001) // a signalling NaN
    };

    /** Characters that an id rule must refuse or that look like another character. */
    private static final String[] HOSTILE_PIECES = {
        "\u0000",
        "\u001b[2J",
        "\n",
        "\r\n",
        "\t",
        "\u007f",
        "\u0085",
        "\u200b",
        "\u200d",
        "\u202e",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ufffd",
        "\ud83d\ude00",
        "\udbff\udfff",
        "é",
        "e\u0301",
        "Ω",
        "中文",
        "'",
        "\"",
        "\\",
        "%s",
        "${x}",
        " ",
        ""
    };

    private Values() {}

    /** A long: small and positive most often, else one of the extremes or any. */
    public static long longValue(Draw d) {
        return switch (d.below(4)) {
            case 0, 1 -> d.between(0L, 10_000L);
            case 2 -> extremeLong(d);
            default -> d.anyLong();
        };
    }

    /** A long in {@code [lo, hi]} three times in four, else any long (extremes included). */
    public static long longMostlyIn(Draw d, long lo, long hi) {
        return d.oneIn(4) ? longValue(d) : d.between(lo, hi);
    }

    public static int intMostlyIn(Draw d, int lo, int hi) {
        if (!d.oneIn(4)) {
            return d.between(lo, hi);
        }
        return (int) (d.oneIn(2) ? extremeLong(d) : d.anyLong());
    }

    /** A double in {@code [lo, hi)} three times in four, else an extreme (NaN, infinities...). */
    public static double doubleMostlyIn(Draw d, double lo, double hi) {
        if (d.oneIn(4)) {
            return EXTREME_DOUBLES[d.below(EXTREME_DOUBLES.length)];
        }
        return lo + (hi - lo) * d.between(0, 1 << 20) / (double) (1 << 20);
    }

    /** A float for a tensor: finite and moderate, or (one in {@code extremeOneIn}) an extreme. */
    public static float floatValue(SplittableRandom rng, int extremeOneIn) {
        if (extremeOneIn > 0 && rng.nextInt(extremeOneIn) == 0) {
            return EXTREME_FLOATS[rng.nextInt(EXTREME_FLOATS.length)];
        }
        return (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(-6, 4)));
    }

    /**
     * An id: {@code usual} three times in four, else a hostile one (empty, huge, control, format or
     * astral characters, exactly 128 or 129 code points).
     */
    public static String id(Draw d, String usual) {
        if (!d.oneIn(4)) {
            return usual;
        }
        return switch (d.below(6)) {
            case 0 -> "";
            case 1 -> "c".repeat(d.pick(127, 128, 129, 256, 257, 5000));
            case 2 -> "\ud83d\ude00".repeat(d.pick(64, 128, 129));
            case 3 -> usual + d.pick(HOSTILE_PIECES);
            case 4 -> d.pick(HOSTILE_PIECES) + usual;
            default -> hostileMix(d);
        };
    }

    private static String hostileMix(Draw d) {
        StringBuilder b = new StringBuilder();
        int pieces = d.between(1, 6);
        for (int i = 0; i < pieces; i++) {
            b.append(d.oneIn(2) ? d.pick(HOSTILE_PIECES) : "x" + d.below(100));
        }
        return b.toString();
    }

    /** One of 0, ±1, 2, ±128, the int and long limits and powers of two near them. */
    public static long extremeLong(Draw d) {
        return EXTREME_LONGS[d.below(EXTREME_LONGS.length)];
    }
}
