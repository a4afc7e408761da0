package io.fedstream.job.kafka;

import io.fedstream.job.types.OutboundRecord;
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
        return new ProducerRecord<>(r.topic, null, null, r.key, r.value);
    }
}
