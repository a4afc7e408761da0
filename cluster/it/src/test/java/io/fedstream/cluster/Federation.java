package io.fedstream.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * One federation on a shared cluster: its own model id, topics ({@code NAME.updates}, ...) and
 * transactional ids, so that tests on one cluster cannot see each other's records.
 */
record Federation(String name) {
    String topic(String kind) {
        return name + "." + kind;
    }

    /** Job flags that route the job to this federation's topics, then {@code more}. */
    List<String> jobFlags(String... more) {
        List<String> flags = new ArrayList<>();
        flags.addAll(List.of("--model-id", name, "--transactional-id-prefix", name));
        for (String kind :
                List.of("updates", "heartbeats", "round-tasks", "global-model", "metrics")) {
            flags.addAll(List.of("--topic-" + kind, topic(kind)));
        }
        flags.addAll(List.of("--topic-dead-letter", topic("dead-letter")));
        flags.addAll(List.of(more));
        return flags;
    }

    /** Flags of {@code fedstream-cluster acl}: the ACL plan of this federation's topics and ids. */
    List<String> aclFlags() {
        return List.of("acl", "--topic-prefix", name + ".", "--transactional-id-prefix", name);
    }

    /** Edge-producer flags for this federation's topics and model, then {@code more}. */
    List<String> edgeFlags(String... more) {
        List<String> flags =
                new ArrayList<>(List.of("--topic-prefix", name + ".", "--model-id", name));
        flags.addAll(List.of(more));
        return flags;
    }
}
