package io.fedstream.auth.operator;

import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code enroll}: one signed ACTIVE ClientEnrollment per client ({@link EnrollmentRecords}). */
@Command(
        name = "enroll",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Enrolls clients with the job: writes one ClientEnrollment per client, signed with the"
                    + " operator's key, to the enrollment topic (keyed by client id; a later"
                    + " record for the same id replaces it). The job registers and selects"
                    + " enrolled clients only.",
            ""
        })
final class EnrollCommand extends SignedRecordCommand {
    /**
     * Enrollments start this long before they are issued: the job judges validity by broker time,
     * and the operator's clock may run ahead of the broker's.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Option(
            names = "--valid-days",
            paramLabel = "N",
            defaultValue = "365",
            description = "Days the enrollment is valid from now (default ${DEFAULT-VALUE}).")
    int validDays;

    @Option(
            names = "--attribute",
            paramLabel = "KEY=VALUE",
            description =
                    "An attribute of every enrollment written (repeatable), e.g."
                            + " device_class=phone.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    void checkFlags() {
        if (validDays < 1) {
            throw new IllegalArgumentException("--valid-days " + validDays + " must be >= 1");
        }
    }

    private Instant notAfter(Instant now) {
        return now.plus(Duration.ofDays(validDays));
    }

    @Override
    EnrollmentRecords.Signed sign(Identity operator, PublicIdentity client, Instant now) {
        return EnrollmentRecords.enroll(
                operator, client, now.minus(CLOCK_SKEW), notAfter(now), attributes, now);
    }

    @Override
    String done(PublicIdentity client, Instant now) {
        return "enrolled " + client.name() + " (key " + client.keyId() + ") until " + notAfter(now);
    }
}
