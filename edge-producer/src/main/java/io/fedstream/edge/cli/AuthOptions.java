package io.fedstream.edge.cli;

import io.fedstream.edge.client.FleetConfig;
import io.fedstream.edge.identity.ClientIdentities;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The edge CLI's client-authentication flags (a picocli mixin, issue #14). Authentication is on by
 * default: the CLI refuses to start without {@code --identity-dir}, {@code --job-identity} and
 * {@code --run-id}, unless {@code --insecure-no-auth} says to run without it.
 */
public final class AuthOptions {
    @Option(
            names = "--identity-dir",
            paramLabel = "DIR",
            description =
                    "Folder of the clients' identities: client ID signs with DIR/ID.key (0600)."
                            + " A missing one is created, with DIR/ID.pub for the operator to"
                            + " enroll with the job, unless --require-identity.")
    Path identityDir;

    @Option(
            names = "--require-identity",
            description =
                    "Refuse to start when a client has no key file in --identity-dir, instead of"
                            + " creating one.")
    boolean requireIdentity;

    @Option(
            names = "--job-identity",
            paramLabel = "FILE",
            description =
                    "The job's public identity (its .pub file): round tasks and global models"
                            + " not signed with it are ignored.")
    Path jobIdentity;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description =
                    "The job's --run-id: stamped on updates and heartbeats; round tasks and"
                            + " global models of other runs are ignored.")
    String runId;

    @Option(
            names = "--insecure-no-auth",
            description =
                    "Run without client authentication: unsigned updates and heartbeats, tasks"
                            + " selected by client id, tasks and models not checked. Only for a"
                            + " job without identities, and tests.")
    boolean insecureNoAuth;

    /** The clients' authentication, or null with {@code --insecure-no-auth}. */
    record Settings(PublicIdentity job, String runId, Map<String, Identity> identities) {}

    /**
     * Checks the flags and loads (or creates) the identities of {@code clientIds}.
     *
     * @param random where new identities come from
     * @return null with {@code --insecure-no-auth}
     * @throws IllegalArgumentException naming the flags to give or drop, or the file that failed
     */
    Settings resolve(List<String> clientIds, SecureRandom random) {
        if (insecureNoAuth) {
            List<String> given = new ArrayList<>();
            if (identityDir != null) {
                given.add("--identity-dir");
            }
            if (requireIdentity) {
                given.add("--require-identity");
            }
            if (jobIdentity != null) {
                given.add("--job-identity");
            }
            if (runId != null) {
                given.add("--run-id");
            }
            if (!given.isEmpty()) {
                throw new IllegalArgumentException(
                        "--insecure-no-auth turns client authentication off; drop "
                                + String.join(", ", given)
                                + " or drop --insecure-no-auth");
            }
            return null;
        }
        List<String> missing = new ArrayList<>();
        if (identityDir == null) {
            missing.add("--identity-dir DIR");
        }
        if (jobIdentity == null) {
            missing.add("--job-identity FILE");
        }
        if (runId == null || runId.isBlank()) {
            missing.add("--run-id ID");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    "client authentication is on by default and needs --identity-dir DIR,"
                            + " --job-identity FILE and --run-id ID (missing "
                            + String.join(", ", missing)
                            + "); or give --insecure-no-auth to run without it");
        }
        PublicIdentity job;
        try {
            job = IdentityFiles.readPublic(jobIdentity);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalArgumentException("--job-identity " + e.getMessage(), e);
        }
        Map<String, Identity> identities;
        try {
            identities =
                    requireIdentity
                            ? ClientIdentities.load(identityDir, clientIds)
                            : ClientIdentities.loadOrCreate(identityDir, clientIds, random);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException("--identity-dir " + e.getMessage(), e);
        }
        return new Settings(job, runId, identities);
    }

    /** Client ids {@code first .. first + count - 1}. */
    static List<String> clientIds(int first, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            ids.add(FleetConfig.clientId(i));
        }
        return ids;
    }
}
