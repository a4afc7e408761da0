package io.fedstream.auth.operator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine;

/** One run of the operator command line in a test: exit code and what it printed. */
record OperatorRun(int exitCode, String out, String err) {

    /** A SecureRandom that gives the same bytes for the same seed (SHA1PRNG seeded first). */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code args} on a main wired to {@code random}, {@code clock} and {@code producers}. */
    static OperatorRun of(
            SecureRandom random,
            Clock clock,
            Function<Properties, Producer<String, byte[]>> producers,
            String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = OperatorMain.commandLine(new OperatorMain(random, clock, producers));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new OperatorRun(code, out.toString(), err.toString());
    }

    /** A producer factory that remembers the properties of every producer it made. */
    static final class Producers implements Function<Properties, Producer<String, byte[]>> {
        final List<Properties> made = new ArrayList<>();
        private final Function<Properties, Producer<String, byte[]>> make;

        Producers(Function<Properties, Producer<String, byte[]>> make) {
            this.make = make;
        }

        @Override
        public Producer<String, byte[]> apply(Properties p) {
            made.add(p);
            return make.apply(p);
        }
    }
}
