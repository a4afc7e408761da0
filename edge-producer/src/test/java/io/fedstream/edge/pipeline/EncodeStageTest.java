package io.fedstream.edge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodeStageTest {
    private final EncodeStage encode =
            new EncodeStage(
                    "client-0007", "m", Clock.fixed(Instant.ofEpochMilli(5000), ZoneOffset.UTC));

    @Test
    void answersTheTaskRoundFromItsBaseVersionAndSurvivesTheWire() throws Exception {
        LocalUpdate update = Updates.update(9);

        ModelUpdate u =
                Codecs.modelUpdate().decode(Codecs.modelUpdate().encode(encode.apply(update)));

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
        assertThat(TensorCodec.values(u.getDelta())).containsExactly(update.delta());
    }

    @Test
    void sendsTheTensorTheCompressStageEncodedNotTheDelta() {
        float[] other = new float[Updates.SPEC.numParameters()];
        other[0] = 42f;
        Tensor wire = TensorCodec.dense(other, Updates.SPEC.shapes());

        ModelUpdate u = encode.apply(Updates.update(2).withWire(wire));

        assertThat(u.getDelta()).isSameAs(wire);
    }
}
