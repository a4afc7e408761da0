package io.fedstream.job.round;

import io.fedstream.avro.DeadLetter;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * Builds dead-letter records: the original bytes, where they came from, and why they were refused.
 */
public final class DeadLetters {
    private final String topic;
    private final WireCodec<DeadLetter> codec = Codecs.deadLetter();

    public DeadLetters(String topic) {
        this.topic = topic;
    }

    public OutboundRecord of(RawRecord raw, Rejection rejection, long now) {
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setSourceTopic(raw.topic == null ? "" : raw.topic)
                        .setPartition(raw.partition)
                        .setOffset(raw.offset)
                        .setReason(rejection.reason())
                        .setDetail(rejection.detail())
                        .setClientId(rejection.clientId())
                        .setRound(rejection.round())
                        .setKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                        .setPayload(ByteBuffer.wrap(raw.value == null ? new byte[0] : raw.value))
                        .setRejectedAt(Instant.ofEpochMilli(now))
                        .build();
        return new OutboundRecord(topic, raw.key, codec.encode(letter));
    }
}
