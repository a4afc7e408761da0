package io.fedstream.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.types.OutboundRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class OutboundSerializerTest {
    @Test
    void writesToTheRecordsTopicWithoutTheInputsTimestamp() {
        OutboundRecord r =
                new OutboundRecord("fedstream.dead-letter", new byte[] {1}, new byte[] {2});
        // The input was stamped 1970 by its producer: the output must not inherit it.
        ProducerRecord<byte[], byte[]> out = new OutboundSerializer().serialize(r, null, 0L);
        assertThat(out.topic()).isEqualTo("fedstream.dead-letter");
        assertThat(out.timestamp()).isNull();
        assertThat(out.partition()).isNull();
        assertThat(out.key()).containsExactly(1);
        assertThat(out.value()).containsExactly(2);
    }
}
