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
        E match = find(type, value);
        if (match == null) {
            throw new IllegalArgumentException(
                    "--" + key + " " + value + " is not one of " + values(type));
        }
        return match;
    }

    /** The constant whose flag value is {@code value} ignoring case, or null. */
    static <E extends Enum<E>> E find(Class<E> type, String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.toString().toLowerCase(Locale.ROOT).equals(wanted)) {
                return e;
            }
        }
        return null;
    }

    /** The flag values of {@code type}, comma-separated in declaration order. */
    static String values(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(Object::toString)
                .collect(Collectors.joining(", "));
    }
}
