package io.fedstream.job.types;

import java.util.Arrays;

/**
 * A Kafka record as it arrived, before decoding; kept so a rejection can carry the original bytes.
 */
public class RawRecord {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    /**
     * The record's {@code fedstream-signature} header (an Ed25519 signature of the value, see
     * {@link io.fedstream.identity.SignedRecords}), or null if it has none.
     */
    public byte[] signature;

    /**
     * The key's length on the wire when {@link #key} holds only its first bytes ({@link
     * #withKeyCut}), else null.
     */
    public Integer keySize;

    public RawRecord() {}

    public RawRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Size on the wire: key plus value bytes. */
    public int wireBytes() {
        return keyBytes() + (value == null ? 0 : value.length);
    }

    /** The key's length on the wire (0 without a key). */
    public int keyBytes() {
        return keySize != null ? keySize : key == null ? 0 : key.length;
    }

    /**
     * This record with its key cut to its first {@code max} bytes (what a dead letter keeps of it),
     * remembering the whole key's length: what travels on and may wait in keyed state is then
     * bounded by the value, whatever key a producer sent.
     */
    public RawRecord withKeyCut(int max) {
        if (key == null || key.length <= max) {
            return this;
        }
        RawRecord r =
                new RawRecord(topic, partition, offset, timestamp, Arrays.copyOf(key, max), value);
        r.signature = signature;
        r.keySize = key.length;
        return r;
    }
}
