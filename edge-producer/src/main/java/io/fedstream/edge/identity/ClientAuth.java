package io.fedstream.edge.identity;

import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import java.util.Objects;

/**
 * Client authentication of one edge client (issue #14): its own {@link Identity}, which signs its
 * updates and heartbeats and derives its selection tags, the job's public identity, whose signature
 * every round task and global model must carry, and the run it takes part in. A client without one
 * (null in {@code EdgeClientConfig}) runs unauthenticated, as before runs and keys.
 *
 * @param identity this client's key pairs; its name is the client id
 * @param job the job's public identity (the job's {@code .pub} file)
 * @param runId the job's {@code --run-id}: stamped on what the client sends, required of what it
 *     reads
 */
public record ClientAuth(Identity identity, PublicIdentity job, String runId) {
    public ClientAuth {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(job, "job");
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId is missing or blank");
        }
    }

    /** The client id the identity belongs to. */
    public String clientId() {
        return identity.publicIdentity().name();
    }

    @Override
    public String toString() {
        return "ClientAuth{run "
                + runId
                + ", client key "
                + identity.publicIdentity().keyId()
                + ", job "
                + job
                + "}";
    }
}
