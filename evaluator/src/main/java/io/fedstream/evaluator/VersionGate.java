package io.fedstream.evaluator;

/**
 * Decides which global-model records to evaluate: those of one model id whose version is greater
 * than the last one evaluated, and when to stop. Plain state, no Kafka, so it is tested alone.
 */
final class VersionGate {
    /** What to do with one global-model record. */
    enum Decision {
        EVALUATE,
        OTHER_MODEL,
        NOT_NEWER
    }

    private final String modelId;
    private final boolean stopWhenComplete;
    private long lastVersion = -1;
    private boolean finished;

    VersionGate(String modelId, boolean stopWhenComplete) {
        this.modelId = modelId;
        this.stopWhenComplete = stopWhenComplete;
    }

    /**
     * Returns whether to evaluate this version and, if so, records it as the last one: a version
     * that fails to evaluate is not retried, since the same bytes would fail again.
     */
    Decision offer(String recordModelId, long version, boolean trainingComplete) {
        if (!modelId.equals(recordModelId)) {
            return Decision.OTHER_MODEL;
        }
        // The job may re-publish its last version with the flag set; that still ends the run.
        if (trainingComplete && stopWhenComplete && version >= lastVersion) {
            finished = true;
        }
        if (version <= lastVersion) {
            return Decision.NOT_NEWER;
        }
        lastVersion = version;
        return Decision.EVALUATE;
    }

    /** The last version handed out for evaluation, -1 before the first. */
    long lastVersion() {
        return lastVersion;
    }

    /** True once a version marked training_complete was seen (and stopping is enabled). */
    boolean finished() {
        return finished;
    }
}
