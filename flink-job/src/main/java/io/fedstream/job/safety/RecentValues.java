package io.fedstream.job.safety;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a series (a ring buffer) and their median. A public POJO
 * (public fields, no-argument constructor) so that Flink keeps it in keyed state field by field.
 *
 * <p>The median of an even count is the <em>lower</em> middle value, the ⌈n/2⌉-th smallest: a bound
 * taken from it is the smaller of the two candidates, and with two values, one of them huge, it is
 * the other one.
 */
public class RecentValues {
    /** The ring: the newest value is at {@code (next - 1) mod capacity}. */
    public double[] values = new double[0];

    /** Where the next value goes. */
    public int next;

    /** How many of {@link #values} are filled (at most the capacity). */
    public int count;

    public RecentValues() {}

    /**
     * @param capacity the most values kept, &gt;= 1
     */
    public RecentValues(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be >= 1");
        }
        values = new double[capacity];
    }

    /** Adds {@code v}, dropping the oldest value when full. */
    public void add(double v) {
        values[next] = v;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    public int size() {
        return count;
    }

    public int capacity() {
        return values.length;
    }

    /** The values, oldest first. */
    public double[] toArray() {
        double[] out = new double[count];
        int start = (next - count + values.length) % values.length;
        for (int i = 0; i < count; i++) {
            out[i] = values[(start + i) % values.length];
        }
        return out;
    }

    /** The lower median (the ⌈n/2⌉-th smallest value), or NaN when empty. */
    public double median() {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = toArray();
        Arrays.sort(sorted);
        return sorted[(count - 1) / 2];
    }

    /**
     * This series with room for {@code capacity} values, keeping the newest (a job restored with
     * another window size); {@code this} if the capacity is already that.
     */
    public RecentValues withCapacity(int capacity) {
        if (capacity == values.length) {
            return this;
        }
        RecentValues resized = new RecentValues(capacity);
        double[] kept = toArray();
        for (int i = Math.max(0, kept.length - capacity); i < kept.length; i++) {
            resized.add(kept[i]);
        }
        return resized;
    }
}
