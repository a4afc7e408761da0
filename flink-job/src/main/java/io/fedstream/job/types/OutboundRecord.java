package io.fedstream.job.types;

/** An encoded record for the exactly-once Kafka sink: topic, key and value bytes. */
public class OutboundRecord {
    public String topic;
    public byte[] key;
    public byte[] value;

    /** The job's signature of {@link #value} (header {@code fedstream-signature}), or null. */
    public byte[] signature;

    /** The signer's key id (header {@code fedstream-signer}), or null. */
    public String signer;

    public OutboundRecord() {}

    public OutboundRecord(String topic, byte[] key, byte[] value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }
}
