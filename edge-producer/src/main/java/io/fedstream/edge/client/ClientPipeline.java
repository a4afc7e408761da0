package io.fedstream.edge.client;

import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.compress.Compressor;
import io.fedstream.edge.compress.ResidualStore;
import io.fedstream.edge.pipeline.ClientBehaviour;
import io.fedstream.edge.pipeline.CompressStage;
import io.fedstream.edge.pipeline.EncodeStage;
import io.fedstream.edge.pipeline.LocalDpStage;
import io.fedstream.edge.pipeline.PublishStage;
import io.fedstream.edge.pipeline.TrainStage;
import io.fedstream.edge.pipeline.UpdatePipeline;
import io.fedstream.edge.pipeline.UpdatePublisher;
import io.fedstream.edge.pipeline.UpdateStage;
import io.fedstream.edge.privacy.LocalDp;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Assembles an {@link EdgeClient}'s {@link UpdatePipeline} from its settings. */
final class ClientPipeline {
    private ClientPipeline() {}

    /**
     * Train, then {@code behaviour}'s inserted stages, local DP (if {@code localDp} is given),
     * compression, encode, publish.
     */
    static UpdatePipeline of(
            EdgeClientConfig config,
            Dataset localData,
            ClientBehaviour behaviour,
            LocalDp localDp,
            UpdatePublisher publisher) {
        List<UpdateStage> stages = new ArrayList<>(behaviour.afterTraining());
        if (localDp != null) {
            stages.add(new LocalDpStage(config.clientId(), localDp));
        }
        stages.add(new CompressStage(compressor(config), config.seed()));
        return new UpdatePipeline(
                config.clientId(),
                new TrainStage(localData, config.seed(), behaviour.labels()),
                stages,
                new EncodeStage(config.clientId(), config.modelId()),
                new PublishStage(config.clientId(), publisher));
    }

    /**
     * The client's local-DP mechanism, null without local DP: noise from SecureRandom, or for
     * simulations from a stream seeded by (client seed, -2), apart from the training seeds (seed,
     * round >= 1).
     */
    static LocalDp localDp(EdgeClientConfig config) {
        if (config.localDp() == null) {
            return null;
        }
        return new LocalDp(
                config.localDp(),
                config.localDp().seededNoise()
                        ? new SplittableRandom(Seeds.derive(config.seed(), -2))
                        : new SecureRandom());
    }

    private static Compressor compressor(EdgeClientConfig config) {
        return new Compressor(
                config.compression(),
                config.compressionRatio(),
                config.maxResidualStaleness(),
                config.stateDir() == null
                        ? null
                        : new ResidualStore(config.stateDir(), config.clientId()));
    }
}
