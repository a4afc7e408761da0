package io.fedstream.auth;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client properties of a {@code --kafka-properties FILE} (security.protocol,
 * sasl.mechanism, sasl.jaas.config, ssl.*, config.providers ...), which every component applies to
 * each of its consumers, producers and admin clients on top of its own settings.
 *
 * <p>Secrets: a value is a secret if its key is {@code sasl.jaas.config} or ends in {@code
 * .password}, {@code .key} or {@code .secret}. A secret may be given as a config-provider reference
 * ({@code ${file:/etc/fedstream/job-secrets.properties:sasl.jaas.config}} with {@code
 * config.providers=file} and {@code config.providers.file.class=
 * org.apache.kafka.common.config.provider.FileConfigProvider}); the Kafka client resolves it when
 * it is created ({@code AbstractConfig} does so for consumers, producers and admin clients alike),
 * so only the reference travels. {@link #forJob} refuses a secret given inline, since the Flink job
 * serializes its sources' and sink's properties into the job graph; {@link #forProcess} accepts it
 * for a program that keeps its properties in its own memory, and warns if the file is readable by
 * others. {@link #describe} never shows a secret.
 */
public final class KafkaClientProperties {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientProperties.class);

    /** The flag every component reads its file from. */
    public static final String FLAG = "--kafka-properties";

    /** Set by each component from its own flags and wiring; a file must not override them. */
    static final Set<String> OWNED_KEYS =
            Set.of(
                    "bootstrap.servers",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer",
                    "group.id",
                    "transactional.id");

    /** A whole value that is one reference {@code ${provider:[path:]key}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}:]+):[^}]+}");

    private static final Pattern ANY_REFERENCE = Pattern.compile("\\$\\{([^}:]+):");

    private KafkaClientProperties() {}

    /**
     * The properties of {@code file} for the Flink job: every secret must be a config-provider
     * reference.
     *
     * @throws IllegalArgumentException naming the file and the first offending key
     */
    public static Properties forJob(Path file) {
        Properties p = load(file);
        List<String> inline = inlineSecrets(p);
        if (!inline.isEmpty()) {
            throw new IllegalArgumentException(
                    FLAG
                            + " "
                            + file
                            + ": "
                            + inline
                            + " hold a secret inline, and the job's Kafka properties are"
                            + " serialized into the job graph. Put the secret in a file the"
                            + " JobManager and TaskManagers can read and reference it, e.g."
                            + " config.providers=file,"
                            + " config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider,"
                            + " "
                            + inline.get(0)
                            + "=${file:/path/job-secrets.properties:"
                            + inline.get(0)
                            + "}");
        }
        return p;
    }

    /**
     * The properties of {@code file} for a program that creates its Kafka clients itself (edge
     * producer, evaluator, provisioning): inline secrets are accepted, with a warning if the file
     * is readable by its group or others.
     */
    public static Properties forProcess(Path file) {
        Properties p = load(file);
        if (!inlineSecrets(p).isEmpty() && readableByOthers(file)) {
            LOG.warn(
                    "{} {} holds {} inline and is readable by other users; chmod 600 it",
                    FLAG,
                    file,
                    inlineSecrets(p));
        }
        return p;
    }

    /**
     * Reads {@code file}; fails naming it if it cannot be read, sets a key the component owns, or
     * references a config provider it does not declare.
     */
    static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    FLAG + " " + file + ": cannot read it (" + e + ")", e);
        }
        for (String key : p.stringPropertyNames()) {
            if (OWNED_KEYS.contains(key)) {
                throw new IllegalArgumentException(
                        FLAG
                                + " "
                                + file
                                + ": '"
                                + key
                                + "' is set by the program itself (its own flags); remove it");
            }
        }
        List<String> declared = declaredProviders(p);
        for (String key : p.stringPropertyNames()) {
            Matcher m = ANY_REFERENCE.matcher(p.getProperty(key));
            while (m.find()) {
                String provider = m.group(1);
                if (!declared.contains(provider)
                        || p.getProperty("config.providers." + provider + ".class") == null) {
                    throw new IllegalArgumentException(
                            FLAG
                                    + " "
                                    + file
                                    + ": '"
                                    + key
                                    + "' references config provider '"
                                    + provider
                                    + "', but config.providers is "
                                    + declared
                                    + " and config.providers."
                                    + provider
                                    + ".class is "
                                    + p.getProperty("config.providers." + provider + ".class"));
                }
            }
        }
        return p;
    }

    private static List<String> declaredProviders(Properties p) {
        String value = p.getProperty("config.providers", "");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether {@code key}'s value is a secret under the rule of the class comment. */
    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.equals("sasl.jaas.config")
                || k.endsWith(".password")
                || k.endsWith(".key")
                || k.endsWith(".secret");
    }

    /** The secret keys of {@code p} whose values are not one config-provider reference, sorted. */
    public static List<String> inlineSecrets(Properties p) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeMap<>(toMap(p)).keySet()) {
            if (isSecretKey(key) && !REFERENCE.matcher(p.getProperty(key).trim()).matches()) {
                out.add(key);
            }
        }
        return out;
    }

    /** {@code p} for a log line: keys sorted, secrets shown as a reference or {@code (hidden)}. */
    public static String describe(Properties p) {
        StringBuilder s = new StringBuilder("{");
        for (var e : new TreeMap<>(toMap(p)).entrySet()) {
            if (s.length() > 1) {
                s.append(", ");
            }
            String value = e.getValue();
            boolean reference = REFERENCE.matcher(value.trim()).matches();
            s.append(e.getKey())
                    .append('=')
                    .append(isSecretKey(e.getKey()) && !reference ? "(hidden)" : value);
        }
        return s.append('}').toString();
    }

    private static TreeMap<String, String> toMap(Properties p) {
        TreeMap<String, String> m = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            m.put(key, p.getProperty(key));
        }
        return m;
    }

    private static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ)
                    || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
