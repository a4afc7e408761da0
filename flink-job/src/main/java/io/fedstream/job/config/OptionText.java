package io.fedstream.job.config;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement.TextStyle;
import org.apache.flink.util.TimeUtils;

/** How an option reads in --help and docs/options.md: default, type and description as text. */
final class OptionText {
    private OptionText() {}

    /** The default as a flag value ({@code 1 min}, not {@code PT1M}), or "(none)". */
    static String defaultValue(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "(none)";
        }
        Object value = option.defaultValue();
        return value instanceof Duration d ? TimeUtils.formatWithHighestUnit(d) : value.toString();
    }

    /** The value type: int, long, double, boolean, string, duration or enum. */
    static String type(ConfigOption<?> option) {
        Class<?> type = FedStreamOptions.valueType(option);
        if (type.isEnum()) {
            return "enum";
        }
        return type == Integer.class ? "int" : type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * The description as plain text (Flink's HtmlFormatter would escape {@code <} and {@code >}).
     */
    static String description(ConfigOption<?> option) {
        String text = new PlainText().format(option.description());
        Class<?> type = FedStreamOptions.valueType(option);
        return type.isEnum() ? text + " Values: " + FlagEnums.values(type) + "." : text;
    }

    private static final class PlainText extends Formatter {
        @Override
        protected void formatLink(StringBuilder state, String link, String description) {
            state.append(description).append(" (").append(link).append(')');
        }

        @Override
        protected void formatLineBreak(StringBuilder state) {
            state.append(' ');
        }

        @Override
        protected void formatText(
                StringBuilder state, String format, String[] elements, EnumSet<TextStyle> styles) {
            state.append(String.format(format, (Object[]) elements));
        }

        @Override
        protected void formatList(StringBuilder state, String[] entries) {
            state.append(String.join("; ", entries));
        }

        @Override
        protected Formatter newInstance() {
            return new PlainText();
        }
    }
}
