package io.fedstream.auth.operator;

import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code enroll} and {@code revoke} share: read the operator's key and the clients' public
 * files, sign one record per client, write them all to the enrollment topic, report each once the
 * broker has it.
 */
abstract class SignedRecordCommand implements Callable<Integer> {
    @Mixin EnrollmentTopicOptions topic;

    @Mixin ClientFiles clients;

    @ParentCommand OperatorMain main;

    @Spec CommandLine.Model.CommandSpec spec;

    /** Checks this command's own flags before anything is read or written. */
    abstract void checkFlags();

    /** The signed record of {@code client}, issued at {@code now}. */
    abstract EnrollmentRecords.Signed sign(Identity operator, PublicIdentity client, Instant now);

    /** The line printed once {@code client}'s record is written. */
    abstract String done(PublicIdentity client, Instant now);

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        // Millisecond precision, as the record stores it (and as it is printed).
        Instant now = main.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<PublicIdentity> targets;
        List<EnrollmentRecords.Signed> records = new ArrayList<>();
        try {
            checkFlags();
            targets = clients.read();
            Identity operator = topic.operatorIdentity();
            for (PublicIdentity client : targets) {
                records.add(sign(operator, client, now));
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            OperatorMain.error(cl, e.getMessage());
            return OperatorMain.BAD_USAGE;
        }
        PrintWriter out = cl.getOut();
        try (Producer<String, byte[]> producer = main.producers.apply(topic.producerProperties())) {
            new EnrollmentPublisher(producer, topic.topic).publish(records);
        } catch (IllegalStateException | KafkaException e) {
            OperatorMain.error(cl, e.getMessage());
            return OperatorMain.KAFKA_FAILED;
        } catch (IllegalArgumentException e) {
            OperatorMain.error(cl, e.getMessage()); // a bad --kafka-properties file
            return OperatorMain.BAD_USAGE;
        }
        for (PublicIdentity client : targets) {
            out.println(done(client, now));
        }
        out.flush();
        return 0;
    }
}
