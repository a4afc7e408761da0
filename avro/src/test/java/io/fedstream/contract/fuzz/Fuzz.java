package io.fedstream.contract.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Runs one fuzz property with QuickTheories: a fixed seed, so a failure reproduces, and as many
 * examples as the system property {@value #EXAMPLES} says (default {@value #DEFAULT_EXAMPLES}, what
 * {@code mvn verify} runs; {@code ./fedstream bench fuzz} runs 10^6).
 *
 * <p>It counts the examples it really ran (QuickTheories skips an example whose random draws repeat
 * an earlier one's) and, when {@value #REPORT} names a file, appends one tab-separated line per
 * property to it: name, cases, failures (0, or 1 once the first falsifying example stops the
 * search; the shrinking that follows is not counted), seconds.
 */
public final class Fuzz {
    /** System property: examples per property. */
    public static final String EXAMPLES = "fedstream.fuzz.examples";

    /** System property: the seed (a long); every property derives its stream from it. */
    public static final String SEED = "fedstream.fuzz.seed";

    /** System property: a file to append one result line per property to. */
    public static final String REPORT = "fedstream.fuzz.report";

    public static final int DEFAULT_EXAMPLES = 10_000;
    public static final long DEFAULT_SEED = 0x5EED_F00DL;

    private Fuzz() {}

    public static int examples() {
        return Integer.getInteger(EXAMPLES, DEFAULT_EXAMPLES);
    }

    public static long seed() {
        return Long.getLong(SEED, DEFAULT_SEED);
    }

    /**
     * Checks {@code property} on {@link #examples()} values of {@code gen}; a value for which it
     * throws anything (an assertion, an unexpected exception, an OutOfMemoryError) falsifies it,
     * and QuickTheories reports the smallest such value it finds.
     *
     * @param name the property's name in the bench table
     */
    public static <T> void check(String name, Gen<T> gen, Consumer<T> property) {
        Counter counter = new Counter();
        long start = System.nanoTime();
        try {
            QuickTheory.qt()
                    .withFixedSeed(seed() ^ name.hashCode())
                    // QuickTheories skips an example whose draws repeat an earlier one's (about
                    // 1 in 8,000 here); asking for 0.2% more makes at least examples() run.
                    .withExamples(examples() + Math.max(10, examples() / 500))
                    .forAll(gen)
                    .checkAssert(
                            value -> {
                                boolean searching = counter.failures == 0;
                                if (searching) {
                                    counter.cases++;
                                }
                                try {
                                    property.accept(value);
                                } catch (RuntimeException | Error e) {
                                    if (searching) {
                                        counter.failures = 1;
                                    }
                                    throw e;
                                }
                            });
        } finally {
            report(name, counter, (System.nanoTime() - start) / 1e9);
        }
    }

    private static final class Counter {
        long cases;
        int failures;
    }

    private static void report(String name, Counter counter, double seconds) {
        String file = System.getProperty(REPORT);
        if (file == null || file.isBlank()) {
            return;
        }
        String line =
                String.format(
                        Locale.ROOT,
                        "%s\t%d\t%d\t%.1f%n",
                        name,
                        counter.cases,
                        counter.failures,
                        seconds);
        try {
            Files.writeString(
                    Path.of(file),
                    line,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the fuzz report " + file, e);
        }
    }
}
