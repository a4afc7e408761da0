package io.fedstream.job.config;

/**
 * The values of {@code --client-auth}: whether a client id must be proven. {@link #toString()} is
 * the value users type.
 */
public enum ClientAuth {
    /**
     * Only enrolled clients count, and only records signed with their enrolled key (and the job
     * signs what it publishes): docs/threat-model.md.
     */
    SIGNED("signed"),
    /** Any Kafka client may speak for any client id (old deployments and tests only). */
    OFF("off");

    private final String value;

    ClientAuth(String value) {
        this.value = value;
    }

    public static ClientAuth parse(String value) {
        return FlagEnums.parse(ClientAuth.class, IdentityOptions.CLIENT_AUTH.key(), value);
    }

    @Override
    public String toString() {
        return value;
    }
}
