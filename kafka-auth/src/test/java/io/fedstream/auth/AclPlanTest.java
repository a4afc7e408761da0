package io.fedstream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.Test;

class AclPlanTest {
    private static final AclPlan PLAN =
            new AclPlan(
                    AclPlan.TopicNames.withPrefix("fedstream."),
                    "fedstream",
                    Principals.defaults());

    /** "OPERATION RESOURCE_TYPE PATTERN NAME" of each binding of {@code principal}. */
    private static List<String> of(String principal) {
        return PLAN.bindings().stream()
                .filter(b -> b.entry().principal().equals(principal))
                .map(AclPlanTest::line)
                .toList();
    }

    private static String line(AclBinding b) {
        return b.entry().operation()
                + " "
                + b.pattern().resourceType()
                + " "
                + b.pattern().patternType()
                + " "
                + b.pattern().name();
    }

    @Test
    void edgeWritesUpdatesAndHeartbeatsAndReadsTasksAndModelsOnly() {
        assertThat(of("User:fedstream-edge"))
                .containsExactlyInAnyOrder(
                        "WRITE TOPIC LITERAL fedstream.updates",
                        "WRITE TOPIC LITERAL fedstream.heartbeats",
                        "READ TOPIC LITERAL fedstream.round-tasks",
                        "READ TOPIC LITERAL fedstream.global-model");
    }

    @Test
    void evaluatorWritesOnlyEvaluations() {
        assertThat(of("User:fedstream-evaluator"))
                .containsExactlyInAnyOrder(
                        "READ TOPIC LITERAL fedstream.global-model",
                        "READ TOPIC LITERAL fedstream.round-tasks",
                        "READ TOPIC LITERAL fedstream.metrics",
                        "WRITE TOPIC LITERAL fedstream.evaluations");
    }

    @Test
    void operatorWritesEnrollmentsOnly() {
        assertThat(of("User:fedstream-operator"))
                .containsExactly("WRITE TOPIC LITERAL fedstream.enrollments");
    }

    @Test
    void jobReadsItsInputsAndReadBacksWritesItsOutputsAndOwnsItsTransactionalIds() {
        List<String> job = of("User:fedstream-job");
        assertThat(job)
                .contains(
                        "READ TOPIC LITERAL fedstream.updates",
                        "READ TOPIC LITERAL fedstream.heartbeats",
                        "READ TOPIC LITERAL fedstream.enrollments",
                        "READ TOPIC LITERAL fedstream.round-tasks",
                        "READ TOPIC LITERAL fedstream.global-model",
                        "WRITE TOPIC LITERAL fedstream.round-tasks",
                        "WRITE TOPIC LITERAL fedstream.global-model",
                        "WRITE TOPIC LITERAL fedstream.metrics",
                        "WRITE TOPIC LITERAL fedstream.dead-letter",
                        // the log clock's ticks (LogTicks); client updates are signed
                        "WRITE TOPIC LITERAL fedstream.updates",
                        "WRITE TOPIC LITERAL fedstream.heartbeats",
                        "DESCRIBE_CONFIGS TOPIC LITERAL fedstream.updates",
                        "DESCRIBE_CONFIGS TOPIC LITERAL fedstream.heartbeats",
                        "READ GROUP PREFIXED fedstream-job-",
                        "WRITE TRANSACTIONAL_ID PREFIXED fedstream",
                        "DESCRIBE TRANSACTIONAL_ID PREFIXED fedstream");
        assertThat(job).noneMatch(l -> l.contains("evaluations"));
        assertThat(job).noneMatch(l -> l.contains(" CLUSTER "));
        assertThat(job.stream().filter(l -> l.startsWith("CREATE TOPIC"))).hasSize(6);
    }

    @Test
    void onlyTheJobHasTransactionalIdsOrGroups() {
        assertThat(PLAN.bindings())
                .filteredOn(b -> !b.pattern().resourceType().name().equals("TOPIC"))
                .allSatisfy(b -> assertThat(b.entry().principal()).isEqualTo("User:fedstream-job"));
    }

    @Test
    void everyBindingAllowsFromAnyHost() {
        assertThat(PLAN.bindings())
                .allSatisfy(
                        b -> {
                            assertThat(b.entry().host()).isEqualTo("*");
                            assertThat(b.entry().permissionType().name()).isEqualTo("ALLOW");
                        });
        assertThat(PLAN.bindings()).hasSize(22 + 4 + 4 + 1); // job, edge, evaluator, operator
    }

    @Test
    void principalsMustBeUsersAndDistinct() {
        assertThatThrownBy(() -> new Principals("fedstream-job", "User:e", "User:v", "User:o"))
                .hasMessageContaining("'fedstream-job' is not of the form User:NAME");
        assertThatThrownBy(() -> new Principals("User:a", "User:a", "User:v", "User:o"))
                .hasMessageContaining("must differ");
    }

    @Test
    void tableHasOneLinePerBinding() {
        assertThat(PLAN.table().lines()).hasSize(PLAN.bindings().size());
        assertThat(PLAN.table())
                .contains("User:fedstream-job")
                .contains("TRANSACTIONAL_ID")
                .contains("PREFIXED");
    }
}
