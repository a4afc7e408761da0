package io.fedstream.edge.client;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import java.util.List;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** An in-process single-node KRaft broker for the edge client's integration tests. */
final class TestBroker {
    private final KafkaClusterTestKit cluster;

    private TestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts the broker, waits until it is ready. Topics are never auto-created. */
    static TestBroker start() throws Exception {
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(
                                new TestKitNodes.Builder()
                                        .setCombined(true)
                                        .setNumBrokerNodes(1)
                                        .setNumControllerNodes(1)
                                        .build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new TestBroker(cluster);
    }

    String bootstrap() {
        return cluster.bootstrapServers();
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
        cluster.close();
    }
}
