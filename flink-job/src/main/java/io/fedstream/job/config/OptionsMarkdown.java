package io.fedstream.job.config;

import org.apache.flink.configuration.ConfigOption;

/**
 * The job's options as Markdown, one table per options class of {@link FedStreamOptions#GROUPS}
 * (flag, type, default, description): the job part of docs/options.md, which a test keeps equal to
 * this output.
 */
public final class OptionsMarkdown {
    private OptionsMarkdown() {}

    /** The tables, each under a level-{@code level} heading naming the group and its class. */
    public static String jobOptions(int level) {
        StringBuilder b = new StringBuilder();
        for (FedStreamOptions.Group group : FedStreamOptions.GROUPS) {
            b.append("#".repeat(level))
                    .append(' ')
                    .append(group.title())
                    .append(" (`")
                    .append(group.declaringClass().getSimpleName())
                    .append("`)\n\n")
                    .append("| flag | type | default | description |\n")
                    .append("|---|---|---|---|\n");
            for (ConfigOption<?> o : FedStreamOptions.of(group)) {
                String def = OptionText.defaultValue(o);
                b.append("| `--")
                        .append(o.key())
                        .append("` | ")
                        .append(OptionText.type(o))
                        .append(" | ")
                        .append(o.hasDefaultValue() ? "`" + def + "`" : def)
                        .append(" | ")
                        .append(OptionText.description(o).replace("|", "\\|"))
                        .append(" |\n");
            }
            b.append('\n');
        }
        return b.toString();
    }
}
