package io.fedstream.testkit;

import io.fedstream.contract.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) inside this JVM, on a free
 * loopback port, with its log in a temporary folder deleted on close. The demo runs on it, and so
 * does every test that needs a broker.
 *
 * <p>Records up to the contract's {@link Topics#MAX_MESSAGE_BYTES} are accepted, topics are never
 * created implicitly (a test or the demo creates them with the contract's settings), and the
 * internal offsets and transaction-state topics have one partition each, which keeps start-up and
 * the first transaction fast.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats, starts and waits for the broker; fails with the broker's own error. */
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
                            .setConfigProp("offsets.topic.num.partitions", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("transaction.state.log.num.partitions", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp(
                                    "message.max.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES))
                            .setConfigProp(
                                    "replica.fetch.max.bytes",
                                    Integer.toString(Topics.MAX_MESSAGE_BYTES))
                            .setConfigProp("auto.create.topics.enable", "false")
                            .build();
            try {
                formatQuietly(cluster);
                cluster.startup();
                cluster.waitForReadyBrokers();
            } catch (Exception e) {
                cluster.close();
                throw e;
            }
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
