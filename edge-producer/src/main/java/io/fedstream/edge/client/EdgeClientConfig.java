package io.fedstream.edge.client;

import io.fedstream.contract.Topics;
import io.fedstream.edge.compress.CompressionMode;
import io.fedstream.edge.compress.Compressor;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.edge.privacy.LocalDpSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable settings of one {@link EdgeClient}. Build with {@link #builder()}; {@link
 * Builder#build()} names every missing required key.
 *
 * <p>Required: {@code bootstrapServers}, {@code clientId}, {@code modelId}. Defaults: topic names
 * from {@link Topics}, {@code heartbeatIntervalMs} {@value #DEFAULT_HEARTBEAT_INTERVAL_MS}, {@code
 * seed} 0, {@code stopWhenComplete} true, no extra Kafka properties, no local DP ({@code localDp}
 * null), {@code compression} none, {@code compressionRatio} 0.1, {@code maxResidualStaleness}
 * {@value Compressor#DEFAULT_MAX_STALENESS} versions, no {@code stateDir} (residuals in memory
 * only), no {@code auth} (authentication off: unsigned records, selection by id; the CLI turns it
 * on unless told {@code --insecure-no-auth}).
 */
public final class EdgeClientConfig {
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 2000;

    private final String bootstrapServers;
    private final String clientId;
    private final String modelId;
    private final String updatesTopic;
    private final String heartbeatsTopic;
    private final String roundTasksTopic;
    private final String globalModelTopic;
    private final long heartbeatIntervalMs;
    private final long seed;
    private final boolean stopWhenComplete;
    private final Map<String, String> kafkaProperties;
    private final LocalDpSettings localDp;
    private final CompressionMode compression;
    private final double compressionRatio;
    private final long maxResidualStaleness;
    private final Path stateDir;
    private final ClientAuth auth;

    private EdgeClientConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.clientId = b.clientId;
        this.modelId = b.modelId;
        this.updatesTopic = b.updatesTopic;
        this.heartbeatsTopic = b.heartbeatsTopic;
        this.roundTasksTopic = b.roundTasksTopic;
        this.globalModelTopic = b.globalModelTopic;
        this.heartbeatIntervalMs = b.heartbeatIntervalMs;
        this.seed = b.seed;
        this.stopWhenComplete = b.stopWhenComplete;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.localDp = b.localDp;
        this.compression = b.compression;
        this.compressionRatio = b.compressionRatio;
        this.maxResidualStaleness = b.maxResidualStaleness;
        this.stateDir = b.stateDir;
        this.auth = b.auth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to derive a variant (another client id, another seed). */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.bootstrapServers = bootstrapServers;
        b.clientId = clientId;
        b.modelId = modelId;
        b.updatesTopic = updatesTopic;
        b.heartbeatsTopic = heartbeatsTopic;
        b.roundTasksTopic = roundTasksTopic;
        b.globalModelTopic = globalModelTopic;
        b.heartbeatIntervalMs = heartbeatIntervalMs;
        b.seed = seed;
        b.stopWhenComplete = stopWhenComplete;
        b.kafkaProperties.putAll(kafkaProperties);
        b.localDp = localDp;
        b.compression = compression;
        b.compressionRatio = compressionRatio;
        b.maxResidualStaleness = maxResidualStaleness;
        b.stateDir = stateDir;
        b.auth = auth;
        return b;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String clientId() {
        return clientId;
    }

    public String modelId() {
        return modelId;
    }

    public String updatesTopic() {
        return updatesTopic;
    }

    public String heartbeatsTopic() {
        return heartbeatsTopic;
    }

    public String roundTasksTopic() {
        return roundTasksTopic;
    }

    public String globalModelTopic() {
        return globalModelTopic;
    }

    public long heartbeatIntervalMs() {
        return heartbeatIntervalMs;
    }

    /** Root of the client's randomness; the training seed of round r is derived from (seed, r). */
    public long seed() {
        return seed;
    }

    /** Whether the client stops once a global model flagged training_complete arrives. */
    public boolean stopWhenComplete() {
        return stopWhenComplete;
    }

    /** How updates are encoded on the wire. */
    public CompressionMode compression() {
        return compression;
    }

    /** Fraction of coordinates the top-k modes keep: k = ceil(ratio * d). */
    public double compressionRatio() {
        return compressionRatio;
    }

    /** Versions after which the error-feedback residual is dropped as stale. */
    public long maxResidualStaleness() {
        return maxResidualStaleness;
    }

    /** Folder of the client's persisted residual; null keeps it in memory only. */
    public Path stateDir() {
        return stateDir;
    }

    /** Extra properties applied to both the producer and the consumer, after the client's own. */
    public Map<String, String> kafkaProperties() {
        return kafkaProperties;
    }

    /** Local differential privacy of this client's updates; null if off. */
    public LocalDpSettings localDp() {
        return localDp;
    }

    /** Client authentication (signing, selection tags, checking the job's records); null if off. */
    public ClientAuth auth() {
        return auth;
    }

    @Override
    public String toString() {
        return "EdgeClientConfig{clientId="
                + clientId
                + ", modelId="
                + modelId
                + ", bootstrapServers="
                + bootstrapServers
                + ", topics=["
                + updatesTopic
                + ", "
                + heartbeatsTopic
                + ", "
                + roundTasksTopic
                + ", "
                + globalModelTopic
                + "], heartbeatIntervalMs="
                + heartbeatIntervalMs
                + ", seed="
                + seed
                + ", stopWhenComplete="
                + stopWhenComplete
                + (localDp == null ? "" : ", " + localDp)
                + ", compression="
                + compression
                + (compression.sparse() ? ", compressionRatio=" + compressionRatio : "")
                + ", stateDir="
                + stateDir
                + (auth == null ? ", auth=off" : ", " + auth)
                + "}";
    }

    /** Mutable builder of {@link EdgeClientConfig}. */
    public static final class Builder {
        private String bootstrapServers;
        private String clientId;
        private String modelId;
        private String updatesTopic = Topics.UPDATES;
        private String heartbeatsTopic = Topics.HEARTBEATS;
        private String roundTasksTopic = Topics.ROUND_TASKS;
        private String globalModelTopic = Topics.GLOBAL_MODEL;
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private long seed;
        private boolean stopWhenComplete = true;
        private final Map<String, String> kafkaProperties = new TreeMap<>();
        private LocalDpSettings localDp;
        private CompressionMode compression = CompressionMode.NONE;
        private double compressionRatio = 0.1;
        private long maxResidualStaleness = Compressor.DEFAULT_MAX_STALENESS;
        private Path stateDir;
        private ClientAuth auth;

        private Builder() {}

        /** Authentication with this client's identity (null: off). */
        public Builder auth(ClientAuth v) {
            this.auth = v;
            return this;
        }

        public Builder compression(CompressionMode v) {
            this.compression = v;
            return this;
        }

        public Builder compressionRatio(double v) {
            this.compressionRatio = v;
            return this;
        }

        public Builder maxResidualStaleness(long v) {
            this.maxResidualStaleness = v;
            return this;
        }

        /** Folder for the persisted residual (one file per client); null for none. */
        public Builder stateDir(Path v) {
            this.stateDir = v;
            return this;
        }

        public Builder bootstrapServers(String v) {
            this.bootstrapServers = v;
            return this;
        }

        public Builder clientId(String v) {
            this.clientId = v;
            return this;
        }

        public Builder modelId(String v) {
            this.modelId = v;
            return this;
        }

        public Builder updatesTopic(String v) {
            this.updatesTopic = v;
            return this;
        }

        public Builder heartbeatsTopic(String v) {
            this.heartbeatsTopic = v;
            return this;
        }

        public Builder roundTasksTopic(String v) {
            this.roundTasksTopic = v;
            return this;
        }

        public Builder globalModelTopic(String v) {
            this.globalModelTopic = v;
            return this;
        }

        public Builder heartbeatIntervalMs(long v) {
            this.heartbeatIntervalMs = v;
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        public Builder stopWhenComplete(boolean v) {
            this.stopWhenComplete = v;
            return this;
        }

        /** Clip and noise every update on the device (null: off). */
        public Builder localDp(LocalDpSettings v) {
            this.localDp = v;
            return this;
        }

        /** An independent copy of this builder, valid or not. */
        Builder copy() {
            Builder b = new Builder();
            b.bootstrapServers = bootstrapServers;
            b.clientId = clientId;
            b.modelId = modelId;
            b.updatesTopic = updatesTopic;
            b.heartbeatsTopic = heartbeatsTopic;
            b.roundTasksTopic = roundTasksTopic;
            b.globalModelTopic = globalModelTopic;
            b.heartbeatIntervalMs = heartbeatIntervalMs;
            b.seed = seed;
            b.stopWhenComplete = stopWhenComplete;
            b.kafkaProperties.putAll(kafkaProperties);
            b.localDp = localDp;
            b.compression = compression;
            b.compressionRatio = compressionRatio;
            b.maxResidualStaleness = maxResidualStaleness;
            b.stateDir = stateDir;
            b.auth = auth;
            return b;
        }

        /** Adds a Kafka client property for both producer and consumer (e.g. security settings). */
        public Builder kafkaProperty(String key, String value) {
            this.kafkaProperties.put(key, value);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming every missing or invalid key
         */
        public EdgeClientConfig build() {
            List<String> problems = new ArrayList<>();
            requireText(problems, "bootstrapServers", bootstrapServers);
            requireText(problems, "clientId", clientId);
            requireText(problems, "modelId", modelId);
            requireText(problems, "updatesTopic", updatesTopic);
            requireText(problems, "heartbeatsTopic", heartbeatsTopic);
            requireText(problems, "roundTasksTopic", roundTasksTopic);
            requireText(problems, "globalModelTopic", globalModelTopic);
            if (heartbeatIntervalMs <= 0) {
                problems.add("heartbeatIntervalMs is " + heartbeatIntervalMs + ", expected > 0");
            }
            if (compression == null) {
                problems.add("missing compression");
            }
            if (!(compressionRatio > 0) || compressionRatio > 1) {
                problems.add("compressionRatio is " + compressionRatio + ", expected in (0, 1]");
            }
            if (maxResidualStaleness < 0) {
                problems.add("maxResidualStaleness is " + maxResidualStaleness + ", expected >= 0");
            }
            if (auth != null && clientId != null && !auth.clientId().equals(clientId)) {
                problems.add(
                        "auth is the identity of "
                                + auth.clientId()
                                + ", expected the clientId "
                                + clientId);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(
                        "invalid EdgeClientConfig: " + String.join("; ", problems));
            }
            return new EdgeClientConfig(this);
        }

        private static void requireText(List<String> problems, String key, String value) {
            if (value == null || value.isBlank()) {
                problems.add("missing " + key);
            }
        }
    }
}
