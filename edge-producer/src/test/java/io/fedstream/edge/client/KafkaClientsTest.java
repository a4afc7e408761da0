package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.contract.Topics;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private static final EdgeClientConfig CONFIG =
            EdgeClientConfig.builder()
                    .bootstrapServers("b:9092")
                    .clientId("client-0001")
                    .modelId("m")
                    .kafkaProperty("linger.ms", "20")
                    .build();

    @Test
    void producerIsIdempotentWithAcksAllAndFitsTheLargestModel() {
        Properties p = KafkaClients.producerProperties(CONFIG);

        assertThat(p)
                .containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", "true")
                .containsEntry("max.request.size", Integer.toString(Topics.MAX_MESSAGE_BYTES))
                .containsEntry("linger.ms", "20");
    }

    @Test
    void consumerReadsCommittedWithoutAGroupAndFetchesWholeModels() {
        Properties p = KafkaClients.consumerProperties(CONFIG);

        assertThat(p)
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id");
        assertThat(Integer.parseInt((String) p.get("max.partition.fetch.bytes")))
                .isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
        assertThat(Integer.parseInt((String) p.get("fetch.max.bytes")))
                .isGreaterThanOrEqualTo(Topics.MAX_MESSAGE_BYTES);
    }
}
