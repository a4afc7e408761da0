package io.fedstream.edge.client;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.testkit.EmbeddedKafka;
import java.util.List;

/** The test kit's in-process KRaft broker, with the edge client's topics and settings. */
final class TestBroker {
    private final EmbeddedKafka broker;

    private TestBroker(EmbeddedKafka broker) {
        this.broker = broker;
    }

    /** Starts the test kit's broker. Topics are never auto-created. */
    static TestBroker start() {
        return new TestBroker(EmbeddedKafka.start());
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    /** The four topics of a federation whose topic names start with {@code prefix}. */
    void createTopics(String prefix) {
        TopicAdmin.ensureTopics(
                bootstrap(),
                List.of(
                        Topics.updates(prefix + "updates"),
                        Topics.heartbeats(prefix + "heartbeats"),
                        Topics.roundTasks(prefix + "round-tasks"),
                        Topics.globalModel(prefix + "global-model")),
                (short) 1);
    }

    /** Client settings for the topics of {@code prefix}, heartbeating every 300 ms. */
    EdgeClientConfig.Builder client(String prefix, String modelId, boolean stopWhenComplete) {
        return EdgeClientConfig.builder()
                .bootstrapServers(bootstrap())
                .modelId(modelId)
                .updatesTopic(prefix + "updates")
                .heartbeatsTopic(prefix + "heartbeats")
                .roundTasksTopic(prefix + "round-tasks")
                .globalModelTopic(prefix + "global-model")
                .heartbeatIntervalMs(300)
                .stopWhenComplete(stopWhenComplete);
    }

    void stop() throws Exception {
        broker.close();
    }
}
