package io.fedstream.job.types;

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
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}
