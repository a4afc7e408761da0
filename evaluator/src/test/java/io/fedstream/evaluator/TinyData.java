package io.fedstream.evaluator;

import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.TensorCodec;
import io.fedstream.data.Dataset;
import io.fedstream.model.ModelSpec;
import java.time.Instant;

/**
 * A three-example, two-feature, two-class test set whose scores are worked out by hand.
 *
 * <p>Features are bytes / 255: x0 = [1, 0] label 0, x1 = [0, 1] label 1, x2 = [1, 0] label 0. With
 * logreg:2-2 (W row-major [in, out], then b):
 *
 * <ul>
 *   <li>{@link #ZERO}: logits [0, 0], argmax 0, so x0 and x2 right: accuracy 2/3, loss ln 2 each.
 *   <li>{@link #IDENTITY} W = I: logits = x, all right, loss log(1 + e^-1) each.
 *   <li>{@link #SWAPPED} W = [[0, 1], [1, 0]]: logits = reversed x, all wrong, loss log(1 + e)
 *       each.
 * </ul>
 */
final class TinyData {
    static final String SPEC = "logreg:2-2";
    static final float[] ZERO = {0, 0, 0, 0, 0, 0};
    static final float[] IDENTITY = {1, 0, 0, 1, 0, 0};
    static final float[] SWAPPED = {0, 1, 1, 0, 0, 0};

    static final double ZERO_ACCURACY = 2.0 / 3;
    static final double ZERO_LOSS = Math.log(2);
    static final double IDENTITY_LOSS = Math.log1p(Math.exp(-1));
    static final double SWAPPED_LOSS = Math.log1p(Math.exp(1));

    private TinyData() {}

    static Dataset testSet() {
        byte[] features = {(byte) 255, 0, 0, (byte) 255, (byte) 255, 0};
        byte[] labels = {0, 1, 0};
        return new Dataset(features, labels, 2, 2);
    }

    static GlobalModel model(String modelId, long version, float[] params, boolean complete) {
        return GlobalModel.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setModelSpec(SPEC)
                .setParameters(TensorCodec.dense(params, ModelSpec.parse(SPEC).shapes()))
                .setCreatedAt(Instant.ofEpochMilli(1_000 + version))
                .setTrainingComplete(complete)
                .build();
    }
}
