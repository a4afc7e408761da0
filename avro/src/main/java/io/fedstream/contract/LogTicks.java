package io.fedstream.contract;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Clock ticks on the client topics (updates, heartbeats). The job's time is the broker's record
 * timestamps (the topics are LogAppendTime), and event time on a partition moves only with its
 * records; so the job writes a tick, a record with key {@code fedstream.tick} and an empty value,
 * to every partition of those topics a few times a second. A tick carries nothing but its
 * timestamp, which the broker sets, so a tick written by anyone else is harmless. Every consumer of
 * those topics skips ticks.
 */
public final class LogTicks {
    private LogTicks() {}

    public static final String KEY = "fedstream.tick";

    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);

    /** Whether a record with this key and value is a clock tick. */
    public static boolean isTick(byte[] key, byte[] value) {
        return (value == null || value.length == 0) && Arrays.equals(key, KEY_BYTES);
    }

    /** The key of a tick (a fresh copy). */
    public static byte[] key() {
        return KEY_BYTES.clone();
    }
}
