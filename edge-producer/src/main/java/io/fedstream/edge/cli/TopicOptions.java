package io.fedstream.edge.cli;

import io.fedstream.contract.Topics;
import picocli.CommandLine.Option;

/**
 * The edge CLI's topic flags (a picocli mixin): a prefix for all four names, or one name each,
 * under the job's option keys ({@code --topic-updates}, ...). The hidden flags are the names these
 * had before they matched the job's.
 */
public final class TopicOptions {
    private static final String DEFAULT_PREFIX = "fedstream.";

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = DEFAULT_PREFIX,
            description =
                    "Prefix of the topic names PREFIXupdates, PREFIXheartbeats,"
                            + " PREFIXround-tasks and PREFIXglobal-model (default"
                            + " ${DEFAULT-VALUE}).")
    String prefix;

    @Option(
            names = "--topic-updates",
            paramLabel = "TOPIC",
            description = "Overrides the updates topic name.")
    String updates;

    @Option(
            names = "--topic-heartbeats",
            paramLabel = "TOPIC",
            description = "Overrides the heartbeats topic name.")
    String heartbeats;

    @Option(
            names = "--topic-round-tasks",
            paramLabel = "TOPIC",
            description = "Overrides the round-tasks topic name.")
    String roundTasks;

    @Option(
            names = "--topic-global-model",
            paramLabel = "TOPIC",
            description = "Overrides the global-model topic name.")
    String globalModel;

    @Option(names = "--updates-topic", hidden = true)
    void deprecatedUpdates(String topic) {
        updates = topic;
    }

    @Option(names = "--heartbeats-topic", hidden = true)
    void deprecatedHeartbeats(String topic) {
        heartbeats = topic;
    }

    @Option(names = "--round-tasks-topic", hidden = true)
    void deprecatedRoundTasks(String topic) {
        roundTasks = topic;
    }

    @Option(names = "--global-model-topic", hidden = true)
    void deprecatedGlobalModel(String topic) {
        globalModel = topic;
    }

    public String updates() {
        return topic(updates, Topics.UPDATES);
    }

    public String heartbeats() {
        return topic(heartbeats, Topics.HEARTBEATS);
    }

    public String roundTasks() {
        return topic(roundTasks, Topics.ROUND_TASKS);
    }

    public String globalModel() {
        return topic(globalModel, Topics.GLOBAL_MODEL);
    }

    /** The override if given, else the prefix followed by the default name's suffix. */
    private String topic(String override, String defaultName) {
        if (override != null) {
            return override;
        }
        return prefix + defaultName.substring(DEFAULT_PREFIX.length());
    }
}
