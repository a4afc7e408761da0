package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.contract.Topics;
import org.junit.jupiter.api.Test;

class EdgeClientConfigTest {

    @Test
    void buildNamesEveryMissingRequiredKey() {
        assertThatThrownBy(() -> EdgeClientConfig.builder().heartbeatIntervalMs(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "invalid EdgeClientConfig: missing bootstrapServers; missing clientId;"
                                + " missing modelId; heartbeatIntervalMs is 0, expected > 0");
    }

    @Test
    void defaultsComeFromTheContract() {
        EdgeClientConfig c =
                EdgeClientConfig.builder()
                        .bootstrapServers("b:9092")
                        .clientId("c")
                        .modelId("m")
                        .build();

        assertThat(c.updatesTopic()).isEqualTo(Topics.UPDATES);
        assertThat(c.heartbeatsTopic()).isEqualTo(Topics.HEARTBEATS);
        assertThat(c.roundTasksTopic()).isEqualTo(Topics.ROUND_TASKS);
        assertThat(c.globalModelTopic()).isEqualTo(Topics.GLOBAL_MODEL);
        assertThat(c.heartbeatIntervalMs()).isEqualTo(2000);
        assertThat(c.seed()).isZero();
        assertThat(c.stopWhenComplete()).isTrue();
        assertThat(c.kafkaProperties()).isEmpty();
    }

    @Test
    void toBuilderDerivesAVariantAndLeavesTheOriginalAlone() {
        EdgeClientConfig a =
                EdgeClientConfig.builder()
                        .bootstrapServers("b:9092")
                        .clientId("a")
                        .modelId("m")
                        .seed(1)
                        .kafkaProperty("security.protocol", "SSL")
                        .build();

        EdgeClientConfig b = a.toBuilder().clientId("b").seed(2).build();

        assertThat(b.clientId()).isEqualTo("b");
        assertThat(b.seed()).isEqualTo(2);
        assertThat(b.bootstrapServers()).isEqualTo("b:9092");
        assertThat(b.kafkaProperties()).containsEntry("security.protocol", "SSL");
        assertThat(a.clientId()).isEqualTo("a");
        assertThat(a.seed()).isEqualTo(1);
    }
}
