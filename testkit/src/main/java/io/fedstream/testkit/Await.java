package io.fedstream.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A bounded wait for a positive event on a growing list of records. */
public final class Await {
    private Await() {}

    /**
     * Calls {@code next} (which may block briefly, as a poll does) until {@code done} holds for
     * what it returns, or fails after {@code timeout} naming {@code what} it waited for.
     *
     * @return the last list {@code next} returned
     */
    public static <T> List<T> until(
            Supplier<List<T>> next, Predicate<List<T>> done, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        List<T> values = next.get();
        while (!done.test(values)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for "
                                + what
                                + "; "
                                + values.size()
                                + " records so far");
            }
            values = next.get();
        }
        return values;
    }
}
