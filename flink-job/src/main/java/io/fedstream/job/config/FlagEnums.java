package io.fedstream.job.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enum-typed options by their flag values: Flink's {@code enumType} matches a value against each
 * constant's {@code toString()} ignoring case, and so does {@link #parse}, with an error that lists
 * what is accepted instead of Flink's bare "Could not parse value".
 */
final class FlagEnums {
    private FlagEnums() {}

    static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        return type.cast(check(type, key, value));
    }

    /**
     * The constant of the enum {@code type} whose flag value is {@code value}, ignoring case.
     *
     * @throws IllegalArgumentException naming the key, the value and the accepted values
     */
    static Object check(Class<?> type, String key, String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        for (Object e : type.getEnumConstants()) {
            if (e.toString().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                "--" + key + " " + value + " is not one of " + values(type));
    }

    /** The flag values of {@code type}, comma-separated in declaration order. */
    static String values(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", "));
    }
}
