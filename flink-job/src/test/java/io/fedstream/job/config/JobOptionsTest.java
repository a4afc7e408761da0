package io.fedstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.junit.jupiter.api.Test;

/**
 * Finds every option declared in this package on its own (every public static final ConfigOption
 * field of every class compiled into it) and checks that each is reachable: registered, accepted as
 * {@code --key value}, listed by {@code --help}, described.
 */
class JobOptionsTest {

    /** A declared option, the field that declares it and its value type. */
    record Declared(Field field, ConfigOption<?> option, Class<?> type) {}

    /**
     * Values the generic rule below would get wrong: a string option whose value is parsed, and
     * decays whose default + 0.25 leaves [0, 1).
     */
    private static final Map<String, Object> SPECIAL =
            Map.of(
                    "model-spec", "logreg",
                    "server-momentum", 0.5,
                    "server-beta1", 0.5,
                    "server-beta2", 0.5,
                    "learning-rate-decay", 0.5);

    static List<Declared> declaredOptions() throws Exception {
        Path dir =
                Path.of(JobConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .resolve(JobConfig.class.getPackageName().replace('.', '/'));
        List<Declared> declared = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".class")) {
                    continue;
                }
                Class<?> c =
                        Class.forName(
                                JobConfig.class.getPackageName()
                                        + "."
                                        + name.substring(0, name.length() - ".class".length()));
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isPublic(m)
                            && Modifier.isStatic(m)
                            && Modifier.isFinal(m)
                            && ConfigOption.class.isAssignableFrom(f.getType())) {
                        Class<?> type =
                                (Class<?>)
                                        ((ParameterizedType) f.getGenericType())
                                                .getActualTypeArguments()[0];
                        declared.add(new Declared(f, (ConfigOption<?>) f.get(null), type));
                    }
                }
            }
        }
        return declared;
    }

    @Test
    void findsTheOptionsClassesAndTheOptionsThatUsedToBeForgotten() throws Exception {
        List<String> keys = declaredOptions().stream().map(d -> d.option().key()).toList();
        assertThat(keys).contains("max-num-samples", "aggregator", "dp-key-file", "parallelism");
        assertThat(
                        declaredOptions().stream()
                                .map(d -> d.field().getDeclaringClass().getSimpleName())
                                .distinct())
                .containsExactlyInAnyOrder(
                        "RoundOptions",
                        "AggregationOptions",
                        "ReleaseOptions",
                        "OptimizerOptions",
                        "GuardOptions",
                        "IdentityOptions",
                        "PrivacyOptions",
                        "KafkaOptions",
                        "RuntimeOptions");
    }

    @Test
    void theRegistryHoldsEveryDeclaredOptionAndNothingElse() throws Exception {
        List<String> declared = declaredOptions().stream().map(d -> d.option().key()).toList();
        assertThat(FedStreamOptions.all().stream().map(ConfigOption::key))
                .containsExactlyInAnyOrderElementsOf(declared);
        assertThat(declared).doesNotHaveDuplicates();
    }

    @Test
    void everyDeclaredOptionIsAcceptedAsAFlagAndReachesItsOption() throws Exception {
        for (Declared d : declaredOptions()) {
            String key = d.option().key();
            Object expected = otherValue(d);
            String text = flagText(expected);
            JobConfig c =
                    key.equals("client-auth")
                            ? JobConfig.fromArgs(new String[] {"--" + key, text})
                            : JobConfig.fromArgs(
                                    new String[] {
                                        "--" + key,
                                        text,
                                        "--client-auth",
                                        "off",
                                        // dp needs its key file; any other option ignores it
                                        "--dp-key-file",
                                        key.equals("dp-key-file") ? text : "dp.key"
                                    });
            assertThat((Object) c.get(d.option())).as("--%s %s", key, text).isEqualTo(expected);
        }
    }

    @Test
    void everyDeclaredOptionIsListedByHelpWithADescription() throws Exception {
        String usage = JobConfig.usage();
        for (Declared d : declaredOptions()) {
            assertThat(usage).contains("--" + d.option().key() + " ");
            assertThat(new HtmlFormatter().format(d.option().description()))
                    .as("description of %s", d.field())
                    .isNotBlank();
        }
    }

    @Test
    void helpShowsDefaultsAsFlagValues() {
        assertThat(JobConfig.usage())
                .containsPattern("--round-timeout +default 1 min ")
                .containsPattern("--min-clients +default \\(none\\) ")
                .contains("Values: fedavg, median, trimmed-mean, krum, multi-krum")
                .contains("at least 16 bytes");
    }

    /** A valid value of d's type that differs from its default, so the flag visibly took effect. */
    private static Object otherValue(Declared d) {
        String key = d.option().key();
        if (SPECIAL.containsKey(key)) {
            return SPECIAL.get(key);
        }
        Object def = d.option().hasDefaultValue() ? d.option().defaultValue() : null;
        Class<?> t = d.type();
        if (t == Integer.class) {
            return def == null ? 3 : (Integer) def + 1;
        } else if (t == Long.class) {
            return def == null ? 3L : (Long) def + 1;
        } else if (t == Double.class) {
            return def == null ? 0.5 : (Double) def + 0.25;
        } else if (t == Boolean.class) {
            return !(Boolean) def;
        } else if (t == String.class) {
            return def == null ? "some-value" : def + "-other";
        } else if (t == Duration.class) {
            return ((Duration) def).plusSeconds(1);
        } else if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            return constants[constants.length - 1] == def
                    ? constants[0]
                    : constants[constants.length - 1];
        }
        throw new AssertionError("no test value for " + d.field() + " of type " + t);
    }

    /** How a user types {@code value}: durations in milliseconds, enums by their flag value. */
    private static String flagText(Object value) {
        return value instanceof Duration d ? d.toMillis() + " ms" : value.toString();
    }
}
