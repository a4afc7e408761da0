package io.fedstream.contract;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One record of each message type with every field set, optional ones included. */
final class SampleRecords {
    static final Instant T0 = Instant.ofEpochMilli(1_700_000_000_123L);

    private SampleRecords() {}

    static Tensor tensor() {
        return TensorCodec.dense(
                new float[] {0.5f, -1.25f, 3f, 0f, 1e-7f, -0f},
                List.of(new int[] {2, 2}, new int[] {2}));
    }

    static ModelUpdate modelUpdate() {
        return ModelUpdate.newBuilder()
                .setClientId("client-7")
                .setModelId("fmnist")
                .setRound(12)
                .setBaseVersion(11)
                .setNumSamples(600)
                .setTrainingLoss(0.4375)
                .setTrainingTimeMs(1234)
                .setCreatedAt(T0)
                .setDelta(tensor())
                .build();
    }

    static GlobalModel globalModel() {
        return GlobalModel.newBuilder()
                .setModelId("fmnist")
                .setVersion(12)
                .setModelSpec("mlp:2-2-2")
                .setParameters(tensor())
                .setCreatedAt(T0)
                .setTrainingComplete(true)
                .setParticipants(10)
                .setTotalSamples(6000)
                .setTrainLoss(0.5)
                .build();
    }

    static RoundTask roundTask() {
        return RoundTask.newBuilder()
                .setModelId("fmnist")
                .setRound(13)
                .setModelVersion(12)
                .setSelectedClients(List.of("client-1", "client-7"))
                .setDeadline(T0.plusSeconds(30))
                .setHyperparameters(
                        Hyperparameters.newBuilder()
                                .setLocalEpochs(2)
                                .setLearningRate(0.05)
                                .setBatchSize(32)
                                .build())
                .setCreatedAt(T0)
                .build();
    }

    static ClientHeartbeat heartbeat() {
        return ClientHeartbeat.newBuilder()
                .setClientId("client-7")
                .setModelId("fmnist")
                .setNumSamples(600)
                .setDevice(Map.of("os", "linux", "cores", "4"))
                .setTimestamp(T0)
                .build();
    }

    static RoundMetrics roundMetrics() {
        return RoundMetrics.newBuilder()
                .setModelId("fmnist")
                .setRoundNumber(12)
                .setSource(MetricsSource.SERVER)
                .setGlobalAccuracy(0.8125)
                .setGlobalLoss(0.55)
                .setTrainLoss(0.5)
                .setCommunicationCost(3000)
                .setPrivacySpent(1.5)
                .setConvergenceRate(0.01)
                .setParticipants(10)
                .setSelected(12)
                .setRejected(Map.of("STALE_ROUND", 2L, "NON_FINITE", 1L))
                .setBytesUp(1000)
                .setBytesDown(2000)
                .setAggregationLatencyMs(15)
                .setRoundDurationMs(4000)
                .setCreatedAt(T0)
                .setClippedUpdates(1)
                .setCappedWeights(2)
                .setNormBound(7.5)
                .setWeightCap(2400.0)
                .setReleaseRefused("step norm 1e+30 > 10 x 0.8")
                .build();
    }

    static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic(Topics.UPDATES)
                .setPartition(3)
                .setOffset(42)
                .setReason(ReasonCode.STALE_ROUND)
                .setDetail("round 3 vs open round 5")
                .setClientId("client-7")
                .setRound(3L)
                .setKey(ByteBuffer.wrap("client-7".getBytes(StandardCharsets.UTF_8)))
                .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xC3}))
                .setRejectedAt(T0)
                .build();
    }
}
