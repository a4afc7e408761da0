package io.fedstream.edge.pipeline;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.TensorCodec;
import java.time.Clock;

/**
 * Builds the Avro {@link ModelUpdate} that answers the round: the client and model ids, the round
 * and its base version, the claimed sample count, the training loss and time, and the delta as
 * {@link CompressStage} encoded it (dense with the spec's shapes if no stage encoded it).
 */
public final class EncodeStage {
    private final String clientId;
    private final String modelId;
    private final Clock clock;

    public EncodeStage(String clientId, String modelId) {
        this(clientId, modelId, Clock.systemUTC());
    }

    /**
     * @param clock the source of {@code created_at}
     */
    public EncodeStage(String clientId, String modelId, Clock clock) {
        this.clientId = clientId;
        this.modelId = modelId;
        this.clock = clock;
    }

    public String name() {
        return "encode";
    }

    public ModelUpdate apply(LocalUpdate update) {
        RoundWork work = update.work();
        Tensor delta =
                update.wire() != null
                        ? update.wire()
                        : TensorCodec.dense(update.delta(), work.spec().shapes());
        return ModelUpdate.newBuilder()
                .setClientId(clientId)
                .setModelId(modelId)
                .setRound(work.round())
                .setBaseVersion(work.baseVersion())
                .setNumSamples(update.numSamples())
                .setTrainingLoss(update.loss())
                .setTrainingTimeMs(update.timeMs())
                .setCreatedAt(clock.instant())
                .setDelta(delta)
                .build();
    }
}
