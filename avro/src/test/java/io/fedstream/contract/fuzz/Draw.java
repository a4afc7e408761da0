package io.fedstream.contract.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Typed draws from QuickTheories' randomness, for generators written as lambdas. Choices that shape
 * a case (which mutation, which field, how long) are drawn here, so QuickTheories can shrink them;
 * bulk content (a tensor's values) comes from {@link #rng()}, seeded by one draw, so a case costs a
 * few dozen draws and not thousands.
 */
public final class Draw {
    private final RandomnessSource in;

    public Draw(RandomnessSource in) {
        this.in = in;
    }

    /** Uniform in {@code [lo, hi]} (both inclusive), shrinking towards {@code lo}. */
    public long between(long lo, long hi) {
        return in.next(Constraint.between(lo, hi).withShrinkPoint(lo));
    }

    /** Uniform in {@code [lo, hi]} (both inclusive), shrinking towards {@code lo}. */
    public int between(int lo, int hi) {
        return (int) between((long) lo, (long) hi);
    }

    /** Index in {@code [0, n)}. */
    public int below(int n) {
        return between(0, n - 1);
    }

    /** True with probability {@code 1 / n}. */
    public boolean oneIn(int n) {
        return below(n) == 0;
    }

    public <T> T pick(List<T> options) {
        return options.get(below(options.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[below(options.length)];
    }

    /** Any long. */
    public long anyLong() {
        return between(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A seeded generator for bulk content; its seed is one draw. */
    public SplittableRandom rng() {
        return new SplittableRandom(anyLong());
    }
}
