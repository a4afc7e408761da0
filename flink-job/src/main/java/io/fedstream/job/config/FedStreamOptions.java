package io.fedstream.job.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;

/**
 * The registry of every job option: the public static final {@link ConfigOption} fields of the
 * options classes in {@link #GROUPS}, found by reflection, so that declaring an option there is all
 * it takes to make it a flag of the job ({@code --key value}), a line of {@code --help} and a row
 * of docs/options.md.
 */
public final class FedStreamOptions {
    private FedStreamOptions() {}

    /** An options class and the heading it is listed under. */
    public record Group(String title, Class<?> declaringClass) {}

    /** The options classes, one per concern, in the order --help and the docs list them. */
    public static final List<Group> GROUPS =
            List.of(
                    new Group("Rounds", RoundOptions.class),
                    new Group("Aggregation", AggregationOptions.class),
                    new Group("Model release", ReleaseOptions.class),
                    new Group("Server optimizer", OptimizerOptions.class),
                    new Group("Client identity", IdentityOptions.class),
                    new Group("Client guard", GuardOptions.class),
                    new Group("Differential privacy", PrivacyOptions.class),
                    new Group("Kafka", KafkaOptions.class),
                    new Group("Runtime", RuntimeOptions.class));

    private static final Map<Group, List<ConfigOption<?>>> BY_GROUP = new LinkedHashMap<>();
    private static final Map<String, ConfigOption<?>> BY_KEY = new HashMap<>();
    private static final Map<String, Class<?>> VALUE_TYPES = new HashMap<>();

    static {
        for (Group group : GROUPS) {
            List<ConfigOption<?>> options = new ArrayList<>();
            for (Field field : group.declaringClass().getDeclaredFields()) {
                int m = field.getModifiers();
                if (!(Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m))
                        || field.getType() != ConfigOption.class) {
                    continue;
                }
                ConfigOption<?> option = read(field);
                ConfigOption<?> clash = BY_KEY.put(option.key(), option);
                if (clash != null) {
                    throw new IllegalStateException(
                            "option key '" + option.key() + "' declared twice, once in " + field);
                }
                VALUE_TYPES.put(option.key(), valueType(field));
                options.add(option);
            }
            // Sorted by key: reflection does not promise declaration order.
            options.sort(Comparator.comparing(ConfigOption::key));
            BY_GROUP.put(group, Collections.unmodifiableList(options));
        }
    }

    /** Every option of every group, in the order of {@link #GROUPS}, by key within a group. */
    public static List<ConfigOption<?>> all() {
        List<ConfigOption<?>> all = new ArrayList<>();
        BY_GROUP.values().forEach(all::addAll);
        return all;
    }

    /** The options declared in {@code group}, by key. */
    public static List<ConfigOption<?>> of(Group group) {
        List<ConfigOption<?>> options = BY_GROUP.get(group);
        if (options == null) {
            throw new IllegalArgumentException(group + " is not one of " + GROUPS);
        }
        return options;
    }

    /** The option whose key is {@code key}. */
    public static Optional<ConfigOption<?>> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** Every key, sorted. */
    public static Set<String> keys() {
        return Collections.unmodifiableSet(new TreeSet<>(BY_KEY.keySet()));
    }

    /**
     * The type of the values of {@code option} ({@code Integer}, {@code Duration}, an enum, ...),
     * read from the declared field's type argument since Flink keeps its own copy private.
     */
    public static Class<?> valueType(ConfigOption<?> option) {
        Class<?> type = VALUE_TYPES.get(option.key());
        if (type == null) {
            throw new IllegalArgumentException("'" + option.key() + "' is not a job option");
        }
        return type;
    }

    private static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static Class<?> valueType(Field field) {
        if (field.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        throw new IllegalStateException(field + " must be declared as ConfigOption<SomeClass>");
    }
}
