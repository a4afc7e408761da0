package io.fedstream.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of one federation: what each principal may do on its topics, consumer groups and
 * transactional ids, and nothing more (the broker runs with {@code
 * allow.everyone.if.no.acl.found=false}). Kafka's implications keep the list short: READ and WRITE
 * on a topic imply DESCRIBE, WRITE on a topic also allows an idempotent producer (no cluster
 * IDEMPOTENT_WRITE is needed), and a transactional producer needs WRITE on its transactional id.
 *
 * <ul>
 *   <li>job: READ updates, heartbeats, enrollments and its own round tasks and global models (the
 *       client guard reads them back); WRITE round tasks, global models, metrics and dead letters,
 *       and updates and heartbeats for its clock ticks (an empty record that carries the broker's
 *       time; a client update needs its client's signature, which the job does not have); CREATE
 *       the topics it creates at start (all but the enrollments and evaluations); DESCRIBE_CONFIGS
 *       updates and heartbeats (at start it checks they are LogAppendTime); READ its consumer
 *       groups (PREFIXED {@link #JOB_GROUP_PREFIX}, offsets are committed on checkpoints); WRITE
 *       and DESCRIBE its transactional ids (PREFIXED, the job's {@code --transactional-id-prefix}).
 *   <li>edge: WRITE updates and heartbeats; READ round tasks and global models. Edge consumers
 *       assign partitions without a group, so there is no group ACL.
 *   <li>evaluator: READ global models, round tasks and metrics; WRITE evaluations only. It assigns
 *       partitions without a group.
 *   <li>operator: WRITE enrollments.
 * </ul>
 */
public final class AclPlan {
    /** The prefix of {@code KafkaEndpoints.groupId} (the job's one consumer group per model). */
    public static final String JOB_GROUP_PREFIX = "fedstream-job-";

    /** The job's default {@code --transactional-id-prefix}. */
    public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "fedstream";

    /** The default prefix of every topic name. */
    public static final String DEFAULT_TOPIC_PREFIX = "fedstream.";

    /**
     * The topic names of one federation.
     *
     * @param enrollments the compacted topic of client enrollments (written by the operator)
     * @param evaluations the evaluator's output topic
     */
    public record TopicNames(
            String updates,
            String heartbeats,
            String roundTasks,
            String globalModel,
            String metrics,
            String deadLetter,
            String enrollments,
            String evaluations) {
        public TopicNames {
            for (String t :
                    new String[] {
                        updates,
                        heartbeats,
                        roundTasks,
                        globalModel,
                        metrics,
                        deadLetter,
                        enrollments,
                        evaluations
                    }) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("a topic name is missing or blank");
                }
            }
        }

        /**
         * {@code PREFIXupdates}, {@code PREFIXheartbeats}, {@code PREFIXround-tasks}, {@code
         * PREFIXglobal-model}, {@code PREFIXmetrics}, {@code PREFIXdead-letter}, {@code
         * PREFIXenrollments}, {@code PREFIXevaluations}: with {@link #DEFAULT_TOPIC_PREFIX} the
         * contract's default names.
         */
        public static TopicNames withPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            return new TopicNames(
                    prefix + "updates",
                    prefix + "heartbeats",
                    prefix + "round-tasks",
                    prefix + "global-model",
                    prefix + "metrics",
                    prefix + "dead-letter",
                    prefix + "enrollments",
                    prefix + "evaluations");
        }
    }

    private final TopicNames topics;
    private final String transactionalIdPrefix;
    private final Principals principals;

    /**
     * @param transactionalIdPrefix the job's {@code --transactional-id-prefix}; every id the job's
     *     sink uses starts with it ({@code KafkaEndpoints.transactionalIdPrefix})
     */
    public AclPlan(TopicNames topics, String transactionalIdPrefix, Principals principals) {
        this.topics = Objects.requireNonNull(topics, "topics");
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException("transactional-id prefix is missing or blank");
        }
        this.transactionalIdPrefix = transactionalIdPrefix;
        this.principals = Objects.requireNonNull(principals, "principals");
    }

    public TopicNames topics() {
        return topics;
    }

    public Principals principals() {
        return principals;
    }

    /** Every binding of the plan: the job's, the edge's, the evaluator's, the operator's. */
    public List<AclBinding> bindings() {
        List<AclBinding> all = new ArrayList<>(job());
        all.addAll(edge());
        all.addAll(evaluator());
        all.addAll(operator());
        return all;
    }

    List<AclBinding> job() {
        String p = principals.job();
        TopicNames t = topics;
        List<AclBinding> b = new ArrayList<>();
        for (String topic :
                List.of(
                        t.updates(),
                        t.heartbeats(),
                        t.enrollments(),
                        t.roundTasks(),
                        t.globalModel())) {
            b.add(topic(p, topic, AclOperation.READ));
        }
        for (String topic :
                List.of(
                        t.roundTasks(),
                        t.globalModel(),
                        t.metrics(),
                        t.deadLetter(),
                        t.updates(),
                        t.heartbeats())) {
            b.add(topic(p, topic, AclOperation.WRITE));
        }
        for (String topic :
                List.of(
                        t.updates(),
                        t.heartbeats(),
                        t.roundTasks(),
                        t.globalModel(),
                        t.metrics(),
                        t.deadLetter())) {
            b.add(topic(p, topic, AclOperation.CREATE));
        }
        // At start the job checks that the client topics are stamped by the broker.
        for (String topic : List.of(t.updates(), t.heartbeats())) {
            b.add(topic(p, topic, AclOperation.DESCRIBE_CONFIGS));
        }
        b.add(
                allow(
                        p,
                        new ResourcePattern(
                                ResourceType.GROUP, JOB_GROUP_PREFIX, PatternType.PREFIXED),
                        AclOperation.READ));
        ResourcePattern txn =
                new ResourcePattern(
                        ResourceType.TRANSACTIONAL_ID, transactionalIdPrefix, PatternType.PREFIXED);
        b.add(allow(p, txn, AclOperation.WRITE));
        b.add(allow(p, txn, AclOperation.DESCRIBE));
        return b;
    }

    List<AclBinding> edge() {
        String p = principals.edge();
        return List.of(
                topic(p, topics.updates(), AclOperation.WRITE),
                topic(p, topics.heartbeats(), AclOperation.WRITE),
                topic(p, topics.roundTasks(), AclOperation.READ),
                topic(p, topics.globalModel(), AclOperation.READ));
    }

    List<AclBinding> evaluator() {
        String p = principals.evaluator();
        return List.of(
                topic(p, topics.globalModel(), AclOperation.READ),
                topic(p, topics.roundTasks(), AclOperation.READ),
                topic(p, topics.metrics(), AclOperation.READ),
                topic(p, topics.evaluations(), AclOperation.WRITE));
    }

    List<AclBinding> operator() {
        return List.of(topic(principals.operator(), topics.enrollments(), AclOperation.WRITE));
    }

    private static AclBinding topic(String principal, String topic, AclOperation operation) {
        return allow(
                principal,
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                operation);
    }

    private static AclBinding allow(
            String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(
                pattern,
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** One line per binding: principal, operation, resource type, pattern type, name. */
    public String table() {
        StringBuilder s = new StringBuilder();
        for (AclBinding b : bindings()) {
            s.append(
                    String.format(
                            "%-26s %-9s %-16s %-8s %s%n",
                            b.entry().principal(),
                            b.entry().operation(),
                            b.pattern().resourceType(),
                            b.pattern().patternType(),
                            b.pattern().name()));
        }
        return s.toString();
    }
}
