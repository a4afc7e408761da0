package io.fedstream.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates the contract's topics if they do not exist yet. */
public final class TopicAdmin {
    private TopicAdmin() {}

    /** Creates every missing topic of {@code specs} with replication factor {@code replication}. */
    public static void ensureTopics(
            String bootstrapServers, List<Topics.TopicSpec> specs, short replication) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        ensureTopics(props, specs, replication);
    }

    /**
     * As {@link #ensureTopics(String, List, short)} with an admin client of {@code
     * clientProperties} (bootstrap servers and, on a secured broker, the security settings).
     */
    public static void ensureTopics(
            Properties clientProperties, List<Topics.TopicSpec> specs, short replication) {
        String bootstrapServers =
                clientProperties.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.TopicSpec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(
                            new NewTopic(spec.name(), spec.partitions(), replication)
                                    .configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }
}
