package io.fedstream.auth;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of {@link AclProvisioner}: applies the {@link AclPlan} of one federation as the
 * broker's super user. Exit codes: 0 done, 1 the broker refused or could not be reached, 2 bad
 * usage.
 */
@Command(
        name = "fedstream-acls",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
            "Creates the ACLs of one federation (topics PREFIXupdates, ...): the job, edge,"
                    + " evaluator and operator principals get what they need and nothing else.",
            "Exit codes: 0 done, 1 the broker refused or could not be reached, 2 bad usage.",
            ""
        })
public final class AclProvisionerMain implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,..]",
            description = "Kafka bootstrap servers (not needed with --dry-run).")
    String bootstrapServers;

    @Option(
            names = KafkaClientProperties.FLAG,
            paramLabel = "FILE",
            description = "Client properties of a principal that may alter ACLs (the super user).")
    Path kafkaProperties;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = AclPlan.DEFAULT_TOPIC_PREFIX,
            description = "Prefix of the federation's topic names (default ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            defaultValue = AclPlan.DEFAULT_TRANSACTIONAL_ID_PREFIX,
            description =
                    "The job's --transactional-id-prefix: the job may use every transactional id"
                            + " that starts with it (default ${DEFAULT-VALUE}).")
    String transactionalIdPrefix;

    @Option(
            names = "--job-principal",
            defaultValue = Principals.DEFAULT_JOB,
            description = "Default ${DEFAULT-VALUE}.")
    String job;

    @Option(
            names = "--edge-principal",
            defaultValue = Principals.DEFAULT_EDGE,
            description = "Default ${DEFAULT-VALUE}.")
    String edge;

    @Option(
            names = "--evaluator-principal",
            defaultValue = Principals.DEFAULT_EVALUATOR,
            description = "Default ${DEFAULT-VALUE}.")
    String evaluator;

    @Option(
            names = "--operator-principal",
            defaultValue = Principals.DEFAULT_OPERATOR,
            description = "Default ${DEFAULT-VALUE}.")
    String operator;

    @Option(
            names = "--create-topics",
            description =
                    "Also create the federation's missing topics (the job's six, the"
                            + " enrollment topic and the evaluations topic) with the contract's"
                            + " settings.")
    boolean createTopics;

    @Option(
            names = "--replication-factor",
            defaultValue = "1",
            description = "Replication factor of topics --create-topics creates (default 1).")
    short replication;

    @Option(names = "--dry-run", description = "Print the ACLs and exit.")
    boolean dryRun;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new AclProvisionerMain()).execute(args);
    }

    AclPlan plan() {
        try {
            return new AclPlan(
                    AclPlan.TopicNames.withPrefix(topicPrefix),
                    transactionalIdPrefix,
                    new Principals(job, edge, evaluator, operator));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() {
        AclPlan plan = plan();
        if (dryRun) {
            System.out.print(plan.table());
            return 0;
        }
        if (bootstrapServers == null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--bootstrap-servers is required without --dry-run");
        }
        Properties p = new Properties();
        if (kafkaProperties != null) {
            p.putAll(KafkaClientProperties.forProcess(kafkaProperties));
        }
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (createTopics) {
            TopicAdmin.ensureTopics(p, topicSpecs(plan.topics()), replication);
        }
        try (Admin admin = Admin.create(p)) {
            int n = new AclProvisioner(admin).apply(plan).size();
            System.out.println(
                    n + " ACLs in place for topics " + topicPrefix + "* on " + bootstrapServers);
        } catch (IllegalStateException e) {
            System.err.println("fedstream-acls: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /**
     * The job's six topics, the enrollment topic (the operator may only write it, the job only read
     * it, so neither can create it) and the evaluations topic.
     */
    static List<Topics.TopicSpec> topicSpecs(AclPlan.TopicNames t) {
        List<Topics.TopicSpec> specs = new ArrayList<>();
        specs.add(Topics.updates(t.updates()));
        specs.add(Topics.heartbeats(t.heartbeats()));
        specs.add(Topics.roundTasks(t.roundTasks()));
        specs.add(Topics.globalModel(t.globalModel()));
        specs.add(Topics.metrics(t.metrics()));
        specs.add(Topics.deadLetter(t.deadLetter()));
        specs.add(Topics.evaluations(t.evaluations()));
        specs.add(Topics.enrollments(t.enrollments()));
        return specs;
    }
}
