package io.fedstream.job.clientmanager.guard;

import static io.fedstream.job.TestUpdates.MODEL;
import static io.fedstream.job.TestUpdates.SPEC;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.job.TestUpdates;
import io.fedstream.model.ModelSpec;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadBackModelsTest {
    private static GlobalModel.Builder model(long version, Tensor parameters) {
        return GlobalModel.newBuilder()
                .setModelId(MODEL)
                .setVersion(version)
                .setModelSpec(SPEC.toString())
                .setParameters(parameters)
                .setCreatedAt(Instant.EPOCH);
    }

    @Test
    void readBackNamesWhyARecordIsNotAModelOfThisJob() {
        ReadBackModels reader = new ReadBackModels(MODEL, SPEC);
        Tensor sparse = CompressedTensors.sparse(new int[] {0}, new float[] {5}, SPEC.shapes());
        ReadBackModels.Read notDense =
                reader.read(Codecs.globalModel().encode(model(7, sparse).build()));
        assertThat(notDense.ignored()).isEqualTo(ReadBackModels.Cause.NOT_DENSE);
        assertThat(notDense.why())
                .isEqualTo(
                        "parameters encoded SPARSE_F32 vs DENSE_F32_LE (a global model is dense)");

        Tensor shortData = TensorCodec.dense(new float[8], SPEC.shapes());
        shortData.setData(ByteBuffer.wrap(new byte[12]));
        ReadBackModels.Read wrongLength =
                reader.read(Codecs.globalModel().encode(model(8, shortData).build()));
        assertThat(wrongLength.ignored()).isEqualTo(ReadBackModels.Cause.BAD_PARAMETERS);
        assertThat(wrongLength.why())
                .isEqualTo("LENGTH_MISMATCH: data has 12 bytes vs 32 for 8 float32 values");

        Tensor wrongShape =
                TensorCodec.dense(new float[10], ModelSpec.parse("logreg:4-2").shapes());
        ReadBackModels.Read shape =
                reader.read(Codecs.globalModel().encode(model(9, wrongShape).build()));
        assertThat(shape.ignored()).isEqualTo(ReadBackModels.Cause.WRONG_SHAPE);
        assertThat(shape.why()).isEqualTo("shapes [[4, 2], [2]] vs model logreg:3-2 [[3, 2], [2]]");

        ReadBackModels.Read foreign =
                reader.read(
                        Codecs.globalModel()
                                .encode(
                                        model(1, TestUpdates.tensor(new float[8]))
                                                .setModelId("x")
                                                .build()));
        assertThat(foreign.ignored()).isEqualTo(ReadBackModels.Cause.OTHER_MODEL);
        assertThat(foreign.why()).isEqualTo("model_id 'x' vs this job's 'test-model'");

        assertThat(reader.read(new byte[] {1, 2, 3}).ignored())
                .isEqualTo(ReadBackModels.Cause.UNDECODABLE);
        assertThat(reader.read(null).ignored()).isEqualTo(ReadBackModels.Cause.UNDECODABLE);
        assertThat(
                        reader.read(
                                        Codecs.globalModel()
                                                .encode(
                                                        model(-1, TestUpdates.tensor(new float[8]))
                                                                .build()))
                                .ignored())
                .isEqualTo(ReadBackModels.Cause.BAD_VERSION);

        ReadBackModels.Read good =
                reader.read(
                        Codecs.globalModel()
                                .encode(
                                        model(3, TestUpdates.tensor(1, 2, 3, 4, 5, 6, 7, 8))
                                                .build()));
        assertThat(good.ignored()).isNull();
        assertThat(good.version()).isEqualTo(3L);
        assertThat(good.parameters()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }
}
