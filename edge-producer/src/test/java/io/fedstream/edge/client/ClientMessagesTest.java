package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.contract.Codecs;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {
    private static final EdgeClientConfig CONFIG =
            EdgeClientConfig.builder()
                    .bootstrapServers("b:1")
                    .clientId("client-0007")
                    .modelId("m")
                    .build();

    @Test
    void heartbeatCarriesTheLocalDataSizeAndDeviceFacts() throws Exception {
        byte[] wire =
                Codecs.heartbeat()
                        .encode(ClientMessages.heartbeat(CONFIG, 600, Instant.ofEpochMilli(7)));
        ClientHeartbeat hb = Codecs.heartbeat().decode(wire);

        assertThat(hb.getClientId()).isEqualTo("client-0007");
        assertThat(hb.getModelId()).isEqualTo("m");
        assertThat(hb.getNumSamples()).isEqualTo(600);
        assertThat(hb.getTimestamp()).isEqualTo(Instant.ofEpochMilli(7));
        assertThat(hb.getDevice()).containsOnlyKeys("os", "arch", "cores", "jvm");
        assertThat(hb.getDevice().get("cores"))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void heartbeatCarriesTheLocalDpAccountAcrossTheWire() throws Exception {
        io.fedstream.avro.LocalDpStatus status =
                io.fedstream.avro.LocalDpStatus.newBuilder()
                        .setEpsilonSpent(2.5)
                        .setDelta(1e-5)
                        .setNoiseMultiplier(3.0)
                        .setClip(0.5)
                        .setReleases(4)
                        .setEpsilonBudget(8.0)
                        .setExhausted(false)
                        .build();
        ClientHeartbeat hb =
                Codecs.heartbeat()
                        .decode(
                                Codecs.heartbeat()
                                        .encode(
                                                ClientMessages.heartbeat(
                                                        CONFIG,
                                                        600,
                                                        status,
                                                        Instant.ofEpochMilli(7))));
        assertThat(hb.getLocalDp()).isEqualTo(status);
        assertThat(hb.getLocalDp().getEpsilonSpent()).isEqualTo(2.5);
        assertThat(hb.getLocalDp().getReleases()).isEqualTo(4);

        ClientHeartbeat plain =
                Codecs.heartbeat()
                        .decode(
                                Codecs.heartbeat()
                                        .encode(
                                                ClientMessages.heartbeat(
                                                        CONFIG, 600, Instant.ofEpochMilli(7))));
        assertThat(plain.getLocalDp()).isNull();
    }
}
