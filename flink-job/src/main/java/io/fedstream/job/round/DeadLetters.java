package io.fedstream.job.round;

import io.fedstream.avro.DeadLetter;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds dead-letter records: where the refused record came from (topic, partition, offset), why it
 * was refused, its size, SHA-256 and first {@value #PAYLOAD_PREFIX_BYTES} bytes. A dead letter
 * never copies the whole value: a refused record close to the 8 MiB record limit would otherwise
 * make a dead letter over it, which the exactly-once sink cannot write (the job would restart in a
 * loop). Keys are cut to {@value #KEY_PREFIX_BYTES} bytes, detail and client id to {@link
 * BoundedText#MAX_ECHO_CHARS} characters, so a dead letter stays under about 8 KiB.
 */
public final class DeadLetters {
    /** The most bytes of the refused value a dead letter carries. */
    public static final int PAYLOAD_PREFIX_BYTES = 4096;

    /** The most bytes of the refused record's key a dead letter carries (and is keyed by). */
    public static final int KEY_PREFIX_BYTES = 512;

    private final String topic;
    private final WireCodec<DeadLetter> codec = Codecs.deadLetter();

    public DeadLetters(String topic) {
        this.topic = topic;
    }

    public OutboundRecord of(RawRecord raw, Rejection rejection, long now) {
        byte[] value = raw.value == null ? new byte[0] : raw.value;
        byte[] key = raw.key == null ? null : prefix(raw.key, KEY_PREFIX_BYTES);
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setSourceTopic(raw.topic == null ? "" : BoundedText.cap(raw.topic))
                        .setPartition(raw.partition)
                        .setOffset(raw.offset)
                        .setReason(rejection.reason())
                        .setDetail(
                                rejection.detail() == null
                                        ? ""
                                        : BoundedText.cap(rejection.detail()))
                        .setClientId(BoundedText.cap(rejection.clientId()))
                        .setRound(rejection.round())
                        .setKey(key == null ? null : ByteBuffer.wrap(key))
                        .setKeySize(raw.key == null ? null : (long) raw.keyBytes())
                        .setPayload(ByteBuffer.wrap(prefix(value, PAYLOAD_PREFIX_BYTES)))
                        .setPayloadSize((long) value.length)
                        .setPayloadSha256(ByteBuffer.wrap(sha256(value)))
                        .setRejectedAt(Instant.ofEpochMilli(now))
                        .build();
        return new OutboundRecord(topic, key, codec.encode(letter));
    }

    private static byte[] prefix(byte[] bytes, int max) {
        return bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
