package io.fedstream.edge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.Tensor;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.Q8;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.compress.CompressionMode;
import io.fedstream.edge.compress.Compressor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompressStageTest {
    private static Compressor compressor(CompressionMode mode, double ratio) {
        return new Compressor(mode, ratio, Compressor.DEFAULT_MAX_STALENESS, null);
    }

    @Test
    void withoutCompressionTheDeltaGoesOutDense() throws Exception {
        LocalUpdate in = Updates.update(3);

        LocalUpdate out =
                new CompressStage(compressor(CompressionMode.NONE, 0.1), 7)
                        .apply(in)
                        .get()
                        .orElseThrow();

        assertThat(TensorCodec.values(out.wire())).containsExactly(in.delta());
        assertThat(out.delta()).isSameAs(in.delta());
    }

    @Test
    void q8RoundingDrawsFromTheStreamOfClientSeedAndRoundApartFromTraining() throws Exception {
        LocalUpdate in = Updates.update(3);

        Tensor wire =
                new CompressStage(compressor(CompressionMode.Q8, 0.1), 7)
                        .apply(in)
                        .get()
                        .orElseThrow()
                        .wire();

        Tensor expected =
                CompressedTensors.denseQ8(
                        Q8.quantize(
                                in.delta(),
                                new SplittableRandom(Seeds.derive(Seeds.derive(7, 3), 1))),
                        Updates.SPEC.shapes());
        assertThat(wire).isEqualTo(expected);
    }

    @Test
    void topKSendsWhatAnEarlierRoundLeftOutLater() throws Exception {
        // ceil(0.05 * 14) = 1 coordinate per round: round 1 keeps the largest, the rest becomes the
        // residual; round 2's zero delta then sends the largest residual coordinate.
        CompressStage stage = new CompressStage(compressor(CompressionMode.TOPK, 0.05), 7);
        float[] first = new float[Updates.SPEC.numParameters()];
        first[2] = 5f;
        first[9] = -3f;
        LocalUpdate round1 = Updates.update(1).withDelta(first);
        LocalUpdate round2 = Updates.update(2).withDelta(new float[Updates.SPEC.numParameters()]);

        float[] sent1 =
                CompressedTensors.decode(stage.apply(round1).get().orElseThrow().wire()).toDense();
        float[] sent2 =
                CompressedTensors.decode(stage.apply(round2).get().orElseThrow().wire()).toDense();

        float[] expected1 = new float[first.length];
        expected1[2] = 5f;
        float[] expected2 = new float[first.length];
        expected2[9] = -3f;
        assertThat(sent1).containsExactly(expected1);
        assertThat(sent2).containsExactly(expected2);
    }
}
