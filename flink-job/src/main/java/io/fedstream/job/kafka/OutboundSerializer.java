package io.fedstream.job.kafka;

import io.fedstream.identity.SignedRecords;
import io.fedstream.job.types.OutboundRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes each {@link OutboundRecord} to its own topic, so one transactional sink serves every
 * output. Records get no timestamp of their own (the producer stamps them when it sends): the Flink
 * record's timestamp would be the input's, chosen by whoever produced it, and a dead letter of an
 * update stamped 1970 or 2100 would then fall to the topic's time retention at once, or never.
 */
public class OutboundSerializer implements KafkaRecordSerializationSchema<OutboundRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            OutboundRecord r, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(r.topic, null, null, r.key, r.value);
        if (r.signature != null) {
            record.headers().add(SignedRecords.SIGNATURE_HEADER, r.signature);
            record.headers()
                    .add(SignedRecords.SIGNER_HEADER, r.signer.getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }
}
