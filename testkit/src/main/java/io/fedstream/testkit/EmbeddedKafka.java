package io.fedstream.testkit;

import io.fedstream.contract.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;
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
 *
 * <p>{@link #start()} opens a PLAINTEXT listener without authorization; {@link #startSecured} opens
 * a SASL_PLAINTEXT listener with SCRAM users and ACLs (see {@link SecuredBroker}).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private final KafkaClusterTestKit cluster;
    private final Map<String, String> passwords;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Map<String, String> passwords) {
        this.cluster = cluster;
        this.passwords = passwords;
    }

    /** Formats, starts and waits for the broker; fails with the broker's own error. */
    public static EmbeddedKafka start() {
        return start(false, new String[0]);
    }

    /**
     * A broker whose client listener requires SASL/SCRAM ({@link SecuredBroker#MECHANISM}) and
     * whose authorizer denies whatever no ACL allows; {@link SecuredBroker#ADMIN} is its super
     * user. A SCRAM credential with a random password is created for the admin and each of {@code
     * users} (names without the {@code User:} prefix) before this returns.
     */
    public static EmbeddedKafka startSecured(String... users) {
        return start(true, users);
    }

    private static EmbeddedKafka start(boolean secured, String[] users) {
        try {
            TestKitNodes.Builder nodes =
                    new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1);
            if (secured) {
                nodes.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT);
            }
            KafkaClusterTestKit.Builder builder =
                    new KafkaClusterTestKit.Builder(nodes.build())
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
                            .setConfigProp("auto.create.topics.enable", "false");
            SecuredBroker security = secured ? new SecuredBroker(users) : null;
            if (security != null) {
                security.brokerConfig().forEach(builder::setConfigProp);
            }
            KafkaClusterTestKit cluster = builder.build();
            try {
                formatQuietly(cluster);
                cluster.startup();
                cluster.waitForReadyBrokers();
                if (security != null) {
                    security.createUsers(cluster.bootstrapServers());
                }
            } catch (Exception e) {
                cluster.close();
                throw e;
            }
            return new EmbeddedKafka(cluster, security == null ? Map.of() : security.passwords());
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

    /** Whether this broker was started with {@link #startSecured}. */
    public boolean secured() {
        return !passwords.isEmpty();
    }

    /**
     * Properties of a client that authenticates as {@code user} (one of the users given to {@link
     * #startSecured}, or {@link SecuredBroker#ADMIN}): bootstrap servers, SASL_PLAINTEXT, SCRAM and
     * the login module with the user's password inline. On a plaintext broker, bootstrap servers
     * only.
     */
    public Properties clientProperties(String user) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers());
        if (secured()) {
            p.putAll(SecuredBroker.clientSecurity(user, password(user)));
        }
        return p;
    }

    /** The password of {@code user}'s SCRAM credential; fails for a user the broker lacks. */
    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException(
                    "no SCRAM user '" + user + "' on this broker; it has " + passwords.keySet());
        }
        return password;
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
