package io.fedstream.job.aggregation.rules;

/**
 * Thrown when a round has fewer updates than a rule needs for its robustness guarantee. The caller
 * should fail the round with this message as the reason rather than aggregate anyway.
 */
public final class RoundTooSmallException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int updates;
    private final int required;

    RoundTooSmallException(String message, int updates, int required) {
        super(message);
        this.updates = updates;
        this.required = required;
    }

    /**
     * Builds the standard message, e.g. {@code "krum needs n > 2f+2: n=5, f=2 (at least 7
     * updates)"}.
     */
    static RoundTooSmallException of(String rule, String condition, int n, String params, int req) {
        return new RoundTooSmallException(
                rule
                        + " needs "
                        + condition
                        + ": n="
                        + n
                        + ", "
                        + params
                        + " (at least "
                        + req
                        + " updates)",
                n,
                req);
    }

    /** The number of updates the round had. */
    public int updates() {
        return updates;
    }

    /** The smallest number of updates the rule accepts. */
    public int required() {
        return required;
    }
}
