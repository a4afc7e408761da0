package io.fedstream.auth;

import java.util.List;

/**
 * The Kafka principals of a deployment, as {@code User:NAME}. The broker's super user (default
 * {@code User:admin}) is not among them: it provisions users, topics and ACLs and needs no ACL.
 *
 * @param job the Flink job (JobManager and TaskManagers)
 * @param edge every edge client
 * @param evaluator the evaluator
 * @param operator whoever enrolls clients
 */
public record Principals(String job, String edge, String evaluator, String operator) {
    public static final String DEFAULT_JOB = "User:fedstream-job";
    public static final String DEFAULT_EDGE = "User:fedstream-edge";
    public static final String DEFAULT_EVALUATOR = "User:fedstream-evaluator";
    public static final String DEFAULT_OPERATOR = "User:fedstream-operator";

    public Principals {
        for (String p : List.of(job, edge, evaluator, operator)) {
            if (p == null || !p.matches("User:[^:\\s]+")) {
                throw new IllegalArgumentException(
                        "principal '" + p + "' is not of the form User:NAME");
            }
        }
        if (List.of(job, edge, evaluator, operator).stream().distinct().count() < 4) {
            throw new IllegalArgumentException(
                    "the job, edge, evaluator and operator principals must differ, got "
                            + List.of(job, edge, evaluator, operator));
        }
    }

    public static Principals defaults() {
        return new Principals(DEFAULT_JOB, DEFAULT_EDGE, DEFAULT_EVALUATOR, DEFAULT_OPERATOR);
    }

    /** The user name of {@code principal} ({@code User:x} gives {@code x}). */
    public static String userName(String principal) {
        return principal.substring("User:".length());
    }
}
