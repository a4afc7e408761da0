package io.fedstream.local;

import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * {@code --job-option KEY=VALUE} (a picocli mixin): any job option of the registry {@link
 * FedStreamOptions}, checked as {@code flink run} would check {@code --KEY VALUE}.
 */
public final class DemoJobOptions {
    @Option(
            names = "--job-option",
            paramLabel = "KEY=VALUE",
            description =
                    "Set any job option by key (docs/options.md), after the flags above"
                            + " (repeatable; e.g. --job-option max-num-samples=2000).")
    Map<String, String> values = new LinkedHashMap<>();

    /**
     * Sets the given options over what {@code c} holds.
     *
     * @throws IllegalArgumentException naming an unknown key or a bad value
     */
    void applyTo(Configuration c) {
        for (String key : values.keySet()) {
            if (FedStreamOptions.find(key).isEmpty()) {
                throw new IllegalArgumentException(
                        "--job-option "
                                + key
                                + ": unknown job option; this build's job knows "
                                + FedStreamOptions.keys());
            }
        }
        try {
            // Checked as a whole job's options, with client-auth off unless the overrides say
            // otherwise (the demo provides the identity options itself); only the overrides are
            // applied.
            Map<String, String> checked = new java.util.HashMap<>(values);
            checked.putIfAbsent(IdentityOptions.CLIENT_AUTH.key(), "off");
            Map<String, String> parsed = JobConfig.fromMap(checked).configuration().toMap();
            parsed.keySet().retainAll(values.keySet());
            c.addAll(Configuration.fromMap(parsed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--job-option: " + e.getMessage(), e);
        }
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
