package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of client identity and the job's own (docs/threat-model.md): who may speak for a client
 * id, the job's signing key, and the run every record is bound to. Key files are read where they
 * are used, on the TaskManagers, in each operator's {@code open()}: no key is part of the job
 * graph.
 */
public final class IdentityOptions {
    private IdentityOptions() {}

    public static final ConfigOption<ClientAuth> CLIENT_AUTH =
            ConfigOptions.key("client-auth")
                    .enumType(ClientAuth.class)
                    .defaultValue(ClientAuth.SIGNED)
                    .withDescription(
                            "signed: only clients the operator enrolled (enrollments topic) are"
                                    + " registered and selected, and only their updates and"
                                    + " heartbeats signed with their enrolled Ed25519 key, of"
                                    + " this run and with a new sequence number, are accepted;"
                                    + " the job signs its global models, round tasks and metrics,"
                                    + " and names the selected clients by tags only they can"
                                    + " recognize. Needs job-identity, operator-identity and"
                                    + " run-id. off: any Kafka client may speak for any client id"
                                    + " (tests and old deployments only).");

    public static final ConfigOption<String> JOB_IDENTITY =
            ConfigOptions.key("job-identity")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The job's private identity file (NAME.key, 0600; docs/deployment.md,"
                                    + " Provisioning client identity), read on the TaskManagers; its NAME.pub goes to"
                                    + " the edge clients and evaluators.");

    public static final ConfigOption<String> OPERATOR_IDENTITY =
            ConfigOptions.key("operator-identity")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The federation operator's public identity file (NAME.pub): the key"
                                    + " every enrollment record must be signed with.");

    public static final ConfigOption<String> RUN_ID =
            ConfigOptions.key("run-id")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "This run's id (1-128 printable characters), carried and signed in"
                                    + " every record of the run, so a new run under the same"
                                    + " model id is never confused with an old one; keep it when"
                                    + " resuming from a savepoint. Required with client-auth"
                                    + " signed.");
}
