package io.fedstream.testkit;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;

/**
 * The security settings of {@link EmbeddedKafka#startSecured}: clients authenticate with
 * SASL_PLAINTEXT and SCRAM-SHA-256, the KRaft {@code StandardAuthorizer} denies what no ACL allows,
 * and {@link #ADMIN} is the only super user.
 *
 * <p>Bootstrapping: SCRAM credentials live in the metadata log, so none exists when the broker
 * starts, and the test kit's formatter cannot add them ({@code kafka-storage format --add-scram}
 * can, which is what the cluster script uses). The admin therefore also has a static PLAIN login,
 * known to the broker's config alone: the broker registers with the controller with it (the
 * controller listener is SASL_PLAINTEXT/PLAIN, so no anonymous principal needs super-user rights),
 * talks to itself with it (transaction markers), and the SCRAM users are created with it. No other
 * user can log in with PLAIN.
 */
public final class SecuredBroker {
    /** The broker's super user (principal {@code User:admin}). */
    public static final String ADMIN = "admin";

    /** The SASL mechanism of every client. */
    public static final String MECHANISM = "SCRAM-SHA-256";

    /** The test kit's name of the broker (client) listener, lower case as config prefixes want. */
    private static final String LISTENER = "external";

    private static final String CONTROLLER_LISTENER = "controller";

    private static final int ITERATIONS = 4096;
    private static final Duration READY = Duration.ofSeconds(60);

    private final Map<String, String> passwords = new LinkedHashMap<>();

    SecuredBroker(String... users) {
        SecureRandom random = new SecureRandom();
        passwords.put(ADMIN, randomPassword(random));
        for (String user : users) {
            if (user.startsWith("User:")) {
                throw new IllegalArgumentException(
                        "user '" + user + "': give the name without the 'User:' prefix");
            }
            passwords.putIfAbsent(user, randomPassword(random));
        }
    }

    private static String randomPassword(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    Map<String, String> passwords() {
        return Map.copyOf(passwords);
    }

    /** Broker settings on top of the test kit's SASL_PLAINTEXT listener. */
    Map<String, String> brokerConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        String adminPlain =
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + plainUser(ADMIN, passwords.get(ADMIN))
                        + " user_"
                        + ADMIN
                        + "=\""
                        + passwords.get(ADMIN)
                        + "\";";
        c.put("sasl.enabled.mechanisms", MECHANISM + ",PLAIN");
        c.put("listener.name." + LISTENER + ".sasl.enabled.mechanisms", MECHANISM + ",PLAIN");
        c.put(
                "listener.name." + LISTENER + "." + MECHANISM.toLowerCase() + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        c.put("listener.name." + LISTENER + ".plain.sasl.jaas.config", adminPlain);
        c.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        c.put("listener.name." + CONTROLLER_LISTENER + ".sasl.enabled.mechanisms", "PLAIN");
        c.put("listener.name." + CONTROLLER_LISTENER + ".plain.sasl.jaas.config", adminPlain);
        c.put("sasl.mechanism.controller.protocol", "PLAIN");
        c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.put("allow.everyone.if.no.acl.found", "false");
        c.put("super.users", "User:" + ADMIN);
        return c;
    }

    /** A client's security settings for {@code user} (password inline: test use only). */
    static Map<String, String> clientSecurity(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                MECHANISM,
                "sasl.jaas.config",
                jaasConfig(user, password));
    }

    private static String plainUser(String user, String password) {
        return " username=\"" + user + "\" password=\"" + password + "\"";
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    /**
     * Creates every SCRAM credential as the admin over PLAIN, then waits until the admin
     * authenticates with SCRAM (the broker learns credentials from the metadata log).
     */
    void createUsers(String bootstrapServers) throws Exception {
        Properties plain = new Properties();
        plain.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        plain.put("security.protocol", "SASL_PLAINTEXT");
        plain.put("sasl.mechanism", "PLAIN");
        plain.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + plainUser(ADMIN, passwords.get(ADMIN))
                        + ";");
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        passwords.forEach(
                (user, password) ->
                        upserts.add(
                                new UserScramCredentialUpsertion(
                                        user,
                                        new ScramCredentialInfo(
                                                ScramMechanism.SCRAM_SHA_256, ITERATIONS),
                                        password)));
        try (Admin admin = Admin.create(plain)) {
            admin.alterUserScramCredentials(upserts).all().get(READY.toSeconds(), TimeUnit.SECONDS);
        }
        Properties asAdmin = new Properties();
        asAdmin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        asAdmin.putAll(clientSecurity(ADMIN, passwords.get(ADMIN)));
        long deadline = System.nanoTime() + READY.toNanos();
        try (Admin admin = Admin.create(asAdmin)) {
            while (true) {
                try {
                    admin.describeCluster().clusterId().get(READY.toSeconds(), TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof SaslAuthenticationException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }
}
