package io.fedstream.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/** Creates the contract's topics if they do not exist yet, and checks the client topics' stamps. */
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

    /**
     * Fails unless each of {@code topics} has its records stamped by the broker ({@code
     * message.timestamp.type=LogAppendTime}): the job's event time, its deadlines and its
     * enrollment windows are those stamps, which a producer could otherwise choose.
     */
    public static void requireBrokerTimestamps(Properties clientProperties, List<String> topics) {
        try (Admin admin = Admin.create(clientProperties)) {
            List<ConfigResource> resources =
                    topics.stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                            .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (ConfigResource r : resources) {
                ConfigEntry type = configs.get(r).get(TIMESTAMP_TYPE);
                String value = type == null ? "CreateTime" : type.value();
                if (!Topics.LOG_APPEND_TIME.equals(value)) {
                    throw new IllegalStateException(
                            "topic "
                                    + r.name()
                                    + " has "
                                    + TIMESTAMP_TYPE
                                    + "="
                                    + value
                                    + ": its producers choose the timestamps the job keeps time"
                                    + " by; set it to "
                                    + Topics.LOG_APPEND_TIME
                                    + " (kafka-configs.sh --alter --entity-type topics"
                                    + " --entity-name "
                                    + r.name()
                                    + " --add-config "
                                    + TIMESTAMP_TYPE
                                    + "="
                                    + Topics.LOG_APPEND_TIME
                                    + ")");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot describe the configs of " + topics + ": " + e.getMessage(), e);
        }
    }

    private static final String TIMESTAMP_TYPE = "message.timestamp.type";
}
