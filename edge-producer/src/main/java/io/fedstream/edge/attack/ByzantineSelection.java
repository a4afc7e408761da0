package io.fedstream.edge.attack;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which clients of a population are Byzantine: round(fraction × n) distinct indices drawn by a
 * partial Fisher–Yates shuffle seeded by {@code seed}, so that every process of a fleet (and every
 * run with the same seed) agrees on the same set.
 */
public final class ByzantineSelection {
    private ByzantineSelection() {}

    /** How many of {@code numClients} are Byzantine at {@code fraction}: round(fraction × n). */
    public static int count(int numClients, double fraction) {
        if (numClients < 0 || !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException(
                    "numClients "
                            + numClients
                            + ", fraction "
                            + fraction
                            + ": expected numClients >= 0 and fraction in [0, 1]");
        }
        return (int) Math.round(fraction * numClients);
    }

    /** The Byzantine client indices in [0, numClients), ascending. */
    public static int[] choose(int numClients, double fraction, long seed) {
        int k = count(numClients, fraction);
        int[] perm = new int[numClients];
        Arrays.setAll(perm, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(numClients - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] chosen = Arrays.copyOf(perm, k);
        Arrays.sort(chosen);
        return chosen;
    }
}
