package io.fedstream.identity;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The job records whose signature was already verified in this process, by where Kafka holds them
 * (topic, partition, offset) and their signature. Many clients simulated in one process (a fleet)
 * all read the same model and task records: one of them verifies each, the others find it here. A
 * record at a new position, or with another signature at a known one, is verified again, so the
 * memo never accepts what was not verified. Bounded to the last {@value #CAPACITY} records;
 * thread-safe.
 */
public final class VerifiedRecords {
    static final int CAPACITY = 1024;

    private final Map<String, byte[]> verified =
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                    return size() > CAPACITY;
                }
            };

    /** Whether the record at {@code position} with {@code signature} was verified before. */
    public synchronized boolean contains(String position, byte[] signature) {
        byte[] known = verified.get(position);
        return known != null && Arrays.equals(known, signature);
    }

    /** Remembers that the record at {@code position} with {@code signature} verified. */
    public synchronized void add(String position, byte[] signature) {
        verified.put(position, signature.clone());
    }
}
