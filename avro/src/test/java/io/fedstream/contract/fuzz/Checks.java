package io.fedstream.contract.fuzz;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * The check every fuzz property makes of a reader's call on hostile bytes: it returns, or throws
 * one of the exceptions the reader documents, and it allocates at most {@value
 * #BYTES_PER_INPUT_BYTE} bytes per input byte plus {@value #SLACK_BYTES} (so no allocation follows
 * a length field that the bytes left cannot back). Anything else, an OutOfMemoryError included,
 * fails the property.
 */
public final class Checks {
    /** Heap a reader may allocate per byte of input (a boxed Integer of a shape list costs ~20). */
    public static final long BYTES_PER_INPUT_BYTE = 32;

    /** Heap a reader may allocate whatever the input (decoder state, messages). */
    public static final long SLACK_BYTES = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Checks() {}

    /** What one call returned or threw. */
    public record Call<R>(R value, Throwable thrown) {
        public boolean returned() {
            return thrown == null;
        }
    }

    /**
     * Runs {@code body} on an input of {@code inputBytes} bytes and checks the rule above. A call
     * over the allocation budget runs a second time before failing: the first call of a reader may
     * also load classes and fill caches.
     *
     * @param allowed the exceptions the reader documents
     * @return the value, or the allowed exception thrown
     */
    @SafeVarargs
    public static <R> Call<R> call(
            int inputBytes, Callable<R> body, Class<? extends Throwable>... allowed) {
        long budget = BYTES_PER_INPUT_BYTE * inputBytes + SLACK_BYTES;
        Call<R> result = null;
        long allocated = 0;
        for (int attempt = 0; attempt < 2; attempt++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            result = run(body);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            check(result, allowed);
            if (allocated <= budget) {
                return result;
            }
        }
        throw new AssertionError(
                "allocated "
                        + allocated
                        + " bytes for an input of "
                        + inputBytes
                        + " bytes (budget "
                        + budget
                        + "), twice");
    }

    private static <R> Call<R> run(Callable<R> body) {
        try {
            return new Call<>(body.call(), null);
        } catch (Throwable t) {
            return new Call<>(null, t);
        }
    }

    @SafeVarargs
    private static void check(Call<?> result, Class<? extends Throwable>... allowed) {
        if (result.returned()) {
            return;
        }
        for (Class<? extends Throwable> c : allowed) {
            if (c.isInstance(result.thrown())) {
                return;
            }
        }
        throw new AssertionError("threw " + result.thrown(), result.thrown());
    }
}
