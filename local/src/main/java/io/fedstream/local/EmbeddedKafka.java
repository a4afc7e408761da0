package io.fedstream.local;

import io.fedstream.contract.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) inside this JVM, on a free
 * loopback port, with its log in a temporary folder deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() {
        try {
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
                            .setConfigProp(
                                    "message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES))
                            .setConfigProp(
                                    "replica.fetch.max.bytes",
                                    Integer.toString(Topics.MAX_MESSAGE_BYTES))
                            .setConfigProp("auto.create.topics.enable", "false")
                            .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded broker", e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * The storage formatter prints its bootstrap metadata to stdout; keep the demo's output clean.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream out = System.out;
        synchronized (EmbeddedKafka.class) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(out);
            }
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
