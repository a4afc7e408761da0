package io.fedstream.edge.client;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.LocalDpStatus;
import java.time.Instant;
import java.util.Map;

/**
 * The heartbeat an edge client writes, assembled from its state; no Kafka here (updates are built
 * by {@link io.fedstream.edge.pipeline.EncodeStage}).
 */
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
}
