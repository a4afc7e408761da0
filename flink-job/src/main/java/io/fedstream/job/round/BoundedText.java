package io.fedstream.job.round;

/**
 * Caps strings that echo user-controlled input (ids, details naming a value) before they go into a
 * record the job writes, so no refused record can make the job's own output exceed a Kafka limit.
 */
public final class BoundedText {
    /** The most characters of a detail, client id or other echoed string in a dead letter. */
    public static final int MAX_ECHO_CHARS = 512;

    private BoundedText() {}

    /**
     * {@code s} if it has at most {@code maxChars} characters, else its first {@code maxChars} (one
     * fewer if that would split a surrogate pair) followed by {@code "…[cut N chars]"}, N the
     * number of characters left out. Null stays null.
     */
    public static String cap(String s, int maxChars) {
        if (s == null || s.length() <= maxChars) {
            return s;
        }
        int keep = maxChars;
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--;
        }
        return s.substring(0, keep) + "…[cut " + (s.length() - keep) + " chars]";
    }

    /** {@link #cap(String, int)} at {@link #MAX_ECHO_CHARS}. */
    public static String cap(String s) {
        return cap(s, MAX_ECHO_CHARS);
    }
}
