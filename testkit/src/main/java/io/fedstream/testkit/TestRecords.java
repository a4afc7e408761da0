package io.fedstream.testkit;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import io.fedstream.model.ModelSpec;
import java.time.Instant;

/**
 * The contract's records as tests write them, with every field a test does not care about set to a
 * fixed value (creation times are {@link #CREATED_AT}, so records are reproducible).
 */
public final class TestRecords {
    /** The creation time of every record built here. */
    public static final Instant CREATED_AT = Instant.parse("2025-01-01T00:00:00Z");

    private TestRecords() {}

    /**
     * A dense update of {@code client} for {@code round}, built on version round - 1, with training
     * loss 1 and a training time of 5 ms; the builder lets a test break any field.
     */
    public static ModelUpdate.Builder update(
            String modelId,
            ModelSpec spec,
            String client,
            long round,
            long samples,
            float[] delta) {
        return ModelUpdate.newBuilder()
                .setClientId(client)
                .setModelId(modelId)
                .setRound(round)
                .setBaseVersion(round - 1)
                .setNumSamples(samples)
                .setTrainingLoss(1.0)
                .setTrainingTimeMs(5)
                .setCreatedAt(CREATED_AT)
                .setDelta(TensorCodec.dense(delta, spec.shapes()));
    }

    /** Version {@code version} of a model with dense parameters. */
    public static GlobalModel globalModel(
            String modelId, ModelSpec spec, long version, float[] params, boolean complete) {
        return GlobalModel.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setModelSpec(spec.toString())
                .setParameters(TensorCodec.dense(params, spec.shapes()))
                .setCreatedAt(CREATED_AT)
                .setTrainingComplete(complete)
                .build();
    }
}
