package io.fedstream.local;

import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Topics;
import java.nio.charset.StandardCharsets;

/**
 * One row of the hostile catalogue: a record the test writes to one of the job's input topics, and
 * what the job must make of it.
 *
 * @param name the class of hostile input (several rows may share one, e.g. a flood)
 * @param expected the reason code of its dead letter, or null if the job must ignore it and write
 *     none (records on the job's read-back topics, heartbeats of another model)
 * @param topic where the record goes
 * @param key the record key, null for none
 * @param value the record value, null for a tombstone
 * @param timestamp the record's timestamp (the producer sets it), null for the producer's clock
 */
record HostileCase(
        String name, ReasonCode expected, String topic, byte[] key, byte[] value, Long timestamp) {

    HostileCase(String name, ReasonCode expected, String topic, byte[] key, byte[] value) {
        this(name, expected, topic, key, value, null);
    }

    /** This record with its timestamp set to {@code millis} since the epoch. */
    HostileCase at(String name, long millis) {
        return new HostileCase(name, expected, topic, key, value, millis);
    }

    /** An update keyed by the client id it claims (as edge clients key them). */
    static HostileCase toUpdates(String name, ReasonCode expected, String client, byte[] value) {
        return new HostileCase(name, expected, Topics.UPDATES, utf8(client), value);
    }

    static HostileCase toHeartbeats(String name, ReasonCode expected, String client, byte[] value) {
        return new HostileCase(name, expected, Topics.HEARTBEATS, utf8(client), value);
    }

    /** A record on one of the topics the job writes and reads back; it must be ignored. */
    static HostileCase toReadBack(String name, String topic, byte[] value) {
        return new HostileCase(name, null, topic, utf8(HostileRecords.MODEL), value);
    }

    boolean deadLettered() {
        return expected != null;
    }

    /** Bytes of the value as the job sees them: a tombstone has none. */
    byte[] valueBytes() {
        return value == null ? new byte[0] : value;
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return name + " on " + topic + " (" + (value == null ? "null" : value.length) + " bytes)";
    }
}
