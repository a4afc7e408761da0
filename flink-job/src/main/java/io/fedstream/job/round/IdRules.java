package io.fedstream.job.round;

/**
 * The rule every client id and model id must meet, checked at validation (updates) and on decoding
 * (heartbeats): 1 to {@value #MAX_ID_CODE_POINTS} Unicode code points, none of them a control
 * character, a format character (zero-width and bidirectional controls, which make two ids look
 * alike), a line or paragraph separator, or half of a surrogate pair. Ids end up in keyed state,
 * round tasks, logs and dead letters; an unbounded one would make a round task outgrow a record.
 */
public final class IdRules {
    /** The most code points of a client id or model id. */
    public static final int MAX_ID_CODE_POINTS = 128;

    private IdRules() {}

    /**
     * Null if {@code id} meets the rule, else a detail naming the field, the fault and what was
     * expected (it never echoes the id itself).
     */
    public static String violation(String field, String id) {
        if (id == null || id.isEmpty()) {
            return field + " is empty: expected 1-" + MAX_ID_CODE_POINTS + " printable characters";
        }
        if (id.length() > 2 * MAX_ID_CODE_POINTS
                || id.codePointCount(0, id.length()) > MAX_ID_CODE_POINTS) {
            return field
                    + " has "
                    + id.codePointCount(0, id.length())
                    + " characters: expected at most "
                    + MAX_ID_CODE_POINTS;
        }
        for (int i = 0, cp; i < id.length(); i += Character.charCount(cp)) {
            cp = id.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                return String.format(
                        "%s has the non-printable character U+%04X at position %d: expected"
                                + " printable characters only",
                        field, cp, i);
            }
        }
        return null;
    }
}
