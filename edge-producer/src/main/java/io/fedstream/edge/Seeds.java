package io.fedstream.edge;

/**
 * Derives independent seeds from a parent seed and an index (client number, round), so that every
 * random stream of a run is fixed by the few seeds the user sets.
 */
public final class Seeds {
    private Seeds() {}

    /**
     * SplitMix64 finaliser of {@code (seed, index)}: consecutive indices give unrelated seeds,
     * unlike {@code seed + index} which would hand {@link java.util.Random} nearly identical
     * states.
     */
    public static long derive(long seed, long index) {
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
