package io.fedstream.auth.operator;

import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code revoke}: one signed REVOKED ClientEnrollment per client ({@link EnrollmentRecords}). */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
            "Revokes clients' keys for good: writes a signed revocation per client to the"
                    + " enrollment topic; the job deregisters the client and refuses its records"
                    + " from then on. Enrolling a new key for the id lets it back in.",
            ""
        })
final class RevokeCommand extends SignedRecordCommand {
    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why, kept in the record (e.g. 'device lost').")
    String reason;

    @Override
    void checkFlags() {
        if (reason.isBlank()) {
            throw new IllegalArgumentException("--reason must not be blank");
        }
    }

    @Override
    EnrollmentRecords.Signed sign(Identity operator, PublicIdentity client, Instant now) {
        return EnrollmentRecords.revoke(operator, client, now, reason);
    }

    @Override
    String done(PublicIdentity client, Instant now) {
        return "revoked " + client.name() + " (key " + client.keyId() + ") from " + now;
    }
}
