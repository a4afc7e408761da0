package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.train.TrainingResult;
import io.fedstream.model.ModelSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientMessagesTest {
    private static final EdgeClientConfig CONFIG =
            EdgeClientConfig.builder()
                    .bootstrapServers("b:1")
                    .clientId("client-0007")
                    .modelId("m")
                    .build();

    @Test
    void updateAnswersTheTaskRoundFromItsBaseVersionAndSurvivesTheWire() throws Exception {
        ModelSpec spec = ModelSpec.parse("mlp:3-2-2");
        float[] delta = new float[spec.numParameters()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = i * 0.25f - 1f;
        }
        RoundWork work =
                new RoundWork(9, 8, spec, new float[delta.length], 1, 0.1, 4, List.of("c-1"));
        TrainingResult result = new TrainingResult(delta, 0.75, 123, 45);

        byte[] wire =
                Codecs.modelUpdate()
                        .encode(
                                ClientMessages.update(
                                        CONFIG, work, result, Instant.ofEpochMilli(5000)));
        ModelUpdate u = Codecs.modelUpdate().decode(wire);

        assertThat(u.getClientId()).isEqualTo("client-0007");
        assertThat(u.getModelId()).isEqualTo("m");
        assertThat(u.getRound()).isEqualTo(9);
        assertThat(u.getBaseVersion()).isEqualTo(8);
        assertThat(u.getNumSamples()).isEqualTo(123);
        assertThat(u.getTrainingLoss()).isEqualTo(0.75);
        assertThat(u.getTrainingTimeMs()).isEqualTo(45);
        assertThat(u.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(5000));
        assertThat(u.getDelta().getShapes())
                .isEqualTo(List.of(List.of(3, 2), List.of(2), List.of(2, 2), List.of(2)));
        assertThat(TensorCodec.values(u.getDelta())).containsExactly(delta);
    }

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
