package io.fedstream.edge.client;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.LocalDpStatus;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.train.TrainingResult;
import java.time.Instant;
import java.util.Map;

/** The records an edge client writes, assembled from its state; no Kafka here. */
final class ClientMessages {
    /** os, arch, cores and jvm of this process, as reported in heartbeats. */
    static final Map<String, String> DEVICE =
            Map.of(
                    "os",
                    System.getProperty("os.name", "unknown")
                            + " "
                            + System.getProperty("os.version", ""),
                    "arch",
                    System.getProperty("os.arch", "unknown"),
                    "cores",
                    Integer.toString(Runtime.getRuntime().availableProcessors()),
                    "jvm",
                    System.getProperty("java.vm.name", "unknown")
                            + " "
                            + System.getProperty("java.version", ""));

    private ClientMessages() {}

    static ClientHeartbeat heartbeat(EdgeClientConfig config, long numSamples, Instant now) {
        return heartbeat(config, numSamples, null, now);
    }

    /**
     * @param localDp the client's local-DP account, null without local DP
     */
    static ClientHeartbeat heartbeat(
            EdgeClientConfig config, long numSamples, LocalDpStatus localDp, Instant now) {
        return ClientHeartbeat.newBuilder()
                .setClientId(config.clientId())
                .setModelId(config.modelId())
                .setNumSamples(numSamples)
                .setDevice(DEVICE)
                .setTimestamp(now)
                .setLocalDp(localDp)
                .build();
    }

    /** The answer to {@code work}: the delta as a dense tensor with the spec's shapes. */
    static ModelUpdate update(
            EdgeClientConfig config, RoundWork work, TrainingResult result, Instant now) {
        return update(
                config, work, result, TensorCodec.dense(result.delta(), work.spec().shapes()), now);
    }

    /** The answer to {@code work} with an already encoded delta. */
    static ModelUpdate update(
            EdgeClientConfig config,
            RoundWork work,
            TrainingResult result,
            Tensor delta,
            Instant now) {
        return ModelUpdate.newBuilder()
                .setClientId(config.clientId())
                .setModelId(config.modelId())
                .setRound(work.round())
                .setBaseVersion(work.baseVersion())
                .setNumSamples(result.numSamples())
                .setTrainingLoss(result.loss())
                .setTrainingTimeMs(result.timeMs())
                .setCreatedAt(now)
                .setDelta(delta)
                .build();
    }
}
