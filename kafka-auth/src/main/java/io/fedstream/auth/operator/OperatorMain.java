package io.fedstream.auth.operator;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The federation operator's command line (docs/deployment.md, "Provisioning client identity"):
 * {@code keygen} writes identity files, {@code enroll} and {@code revoke} write signed
 * ClientEnrollment records to the enrollment topic. No private key is ever printed or logged. Exit
 * codes: 0 done, 1 the broker refused or could not be reached, 2 bad usage or a bad file.
 */
@Command(
        name = "fedstream-operator",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "The federation operator's identity tasks: new identities (keygen), signed"
                    + " enrollments (enroll) and revocations (revoke) on the enrollment topic.",
            "Exit codes: 0 done, 1 the broker refused or could not be reached, 2 bad usage.",
            ""
        },
        subcommands = {KeygenCommand.class, EnrollCommand.class, RevokeCommand.class})
public final class OperatorMain implements Runnable {
    static final int KAFKA_FAILED = 1;
    static final int BAD_USAGE = 2;

    final SecureRandom random;
    final Clock clock;
    final Function<Properties, Producer<String, byte[]>> producers;

    /** The production wiring: the JDK's SecureRandom, the system clock, a real producer. */
    public OperatorMain() {
        this(
                new SecureRandom(),
                Clock.systemUTC(),
                p -> new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
    }

    /**
     * @param random where new keys come from (tests pass a seeded one)
     * @param clock the time enrollments are issued at
     * @param producers makes the producer of the enrollment topic from its properties
     */
    OperatorMain(
            SecureRandom random,
            Clock clock,
            Function<Properties, Producer<String, byte[]>> producers) {
        this.random = random;
        this.clock = clock;
        this.producers = producers;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String... args) {
        return commandLine(new OperatorMain()).execute(args);
    }

    /** The command line of {@code main}; tests redirect its output. */
    static CommandLine commandLine(OperatorMain main) {
        return new CommandLine(main);
    }

    /** Without a subcommand: the usage. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                new CommandLine(this), "give a subcommand: keygen, enroll or revoke");
    }

    /** Prints {@code "fedstream-operator: MESSAGE"} to the error stream of {@code cl}. */
    static void error(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        err.println("fedstream-operator " + cl.getCommandName() + ": " + message);
        err.flush();
    }
}
