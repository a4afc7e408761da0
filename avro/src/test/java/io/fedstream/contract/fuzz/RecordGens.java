package io.fedstream.contract.fuzz;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.LocalDpStatus;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.Tensor;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One valid (encodable) record of each message type, its fields mostly plausible and often extreme:
 * hostile ids, negative or limit longs, NaN and infinite doubles, empty and long collections.
 * "Valid" is Avro's sense: each encodes and decodes to itself; whether a reader takes it is what
 * the fuzz tests check.
 */
public final class RecordGens {
    private RecordGens() {}

    public static ModelUpdate modelUpdate(Draw d, String modelId, String clientId, Tensor delta) {
        return ModelUpdate.newBuilder()
                .setClientId(Values.id(d, clientId))
                .setModelId(Values.id(d, modelId))
                .setRound(Values.longMostlyIn(d, 1, 20))
                .setBaseVersion(Values.longMostlyIn(d, 0, 20))
                .setNumSamples(Values.longMostlyIn(d, 1, 60_000))
                .setTrainingLoss(Values.doubleMostlyIn(d, 0, 5))
                .setTrainingTimeMs(Values.longMostlyIn(d, 0, 100_000))
                .setCreatedAt(instant(d))
                .setDelta(delta)
                .build();
    }

    public static GlobalModel globalModel(Draw d, String modelId, String spec, Tensor parameters) {
        return GlobalModel.newBuilder()
                .setModelId(Values.id(d, modelId))
                .setVersion(Values.longMostlyIn(d, 0, 20))
                .setModelSpec(d.oneIn(8) ? Values.id(d, "mlp:1-1-1") : spec)
                .setParameters(parameters)
                .setCreatedAt(instant(d))
                .setTrainingComplete(d.oneIn(8))
                .setParticipants(Values.intMostlyIn(d, 0, 100))
                .setTotalSamples(Values.longMostlyIn(d, 0, 1_000_000))
                .setTrainLoss(d.oneIn(3) ? null : Values.doubleMostlyIn(d, 0, 5))
                .build();
    }

    /** A task of {@code modelId} that selects some of {@code clients} and a few hostile ids. */
    public static RoundTask roundTask(Draw d, String modelId, List<String> clients) {
        List<String> selected = new ArrayList<>();
        for (String c : clients) {
            if (!d.oneIn(4)) {
                selected.add(Values.id(d, c));
            }
        }
        int extra = d.oneIn(4) ? d.between(0, 40) : 0;
        for (int i = 0; i < extra; i++) {
            selected.add(Values.id(d, "client-" + i));
        }
        return RoundTask.newBuilder()
                .setModelId(Values.id(d, modelId))
                .setRound(Values.longMostlyIn(d, 1, 20))
                .setModelVersion(Values.longMostlyIn(d, 0, 20))
                .setSelectedClients(selected)
                .setDeadline(instant(d))
                .setHyperparameters(
                        Hyperparameters.newBuilder()
                                .setLocalEpochs(Values.intMostlyIn(d, 1, 5))
                                .setLearningRate(Values.doubleMostlyIn(d, 0.001, 1))
                                .setBatchSize(Values.intMostlyIn(d, 1, 128))
                                .setProximalMu(d.oneIn(2) ? 0.0 : Values.doubleMostlyIn(d, 0, 1))
                                .build())
                .setCreatedAt(instant(d))
                .build();
    }

    public static ClientHeartbeat heartbeat(Draw d, String modelId, String clientId) {
        Map<String, String> device = new LinkedHashMap<>();
        int facts = d.between(0, 4);
        for (int i = 0; i < facts; i++) {
            device.put(Values.id(d, "k" + i), Values.id(d, "v" + i));
        }
        return ClientHeartbeat.newBuilder()
                .setClientId(Values.id(d, clientId))
                .setModelId(Values.id(d, modelId))
                .setNumSamples(Values.longMostlyIn(d, 1, 60_000))
                .setDevice(device)
                .setTimestamp(instant(d))
                .setLocalDp(d.oneIn(2) ? null : localDp(d))
                .build();
    }

    private static LocalDpStatus localDp(Draw d) {
        return LocalDpStatus.newBuilder()
                .setEpsilonSpent(Values.doubleMostlyIn(d, 0, 10))
                .setDelta(Values.doubleMostlyIn(d, 0, 1e-5))
                .setNoiseMultiplier(Values.doubleMostlyIn(d, 0, 3))
                .setClip(Values.doubleMostlyIn(d, 0, 10))
                .setReleases(Values.longMostlyIn(d, 0, 100))
                .setEpsilonBudget(d.oneIn(2) ? null : Values.doubleMostlyIn(d, 0, 10))
                .setExhausted(d.oneIn(4))
                .build();
    }

    public static RoundMetrics roundMetrics(Draw d, String modelId) {
        Map<String, Long> rejected = new LinkedHashMap<>();
        int reasons = d.between(0, 4);
        for (int i = 0; i < reasons; i++) {
            rejected.put(d.pick(ReasonCode.values()).name(), Values.longValue(d));
        }
        return RoundMetrics.newBuilder()
                .setModelId(Values.id(d, modelId))
                .setRoundNumber(Values.longMostlyIn(d, 0, 20))
                .setSource(d.pick(MetricsSource.values()))
                .setGlobalAccuracy(optionalDouble(d, 0, 1))
                .setGlobalLoss(optionalDouble(d, 0, 5))
                .setTrainLoss(optionalDouble(d, 0, 5))
                .setCommunicationCost(Values.longValue(d))
                .setPrivacySpent(optionalDouble(d, 0, 10))
                .setConvergenceRate(optionalDouble(d, 0, 1))
                .setParticipants(Values.intMostlyIn(d, 0, 100))
                .setSelected(Values.intMostlyIn(d, 0, 100))
                .setRejected(rejected)
                .setBytesUp(Values.longValue(d))
                .setBytesUpDense(Values.longValue(d))
                .setBytesDown(Values.longValue(d))
                .setAggregationLatencyMs(Values.longValue(d))
                .setRoundDurationMs(Values.longValue(d))
                .setStopReason(d.oneIn(2) ? null : Values.id(d, "rounds done"))
                .setCreatedAt(instant(d))
                .build();
    }

    public static DeadLetter deadLetter(Draw d) {
        byte[] payload = new byte[d.pick(0, 1, 10, 100, 4096)];
        d.rng().nextBytes(payload);
        boolean newWriter = !d.oneIn(4);
        return DeadLetter.newBuilder()
                .setSourceTopic(Values.id(d, "fedstream.updates"))
                .setPartition(Values.intMostlyIn(d, 0, 11))
                .setOffset(Values.longValue(d))
                .setReason(d.pick(ReasonCode.values()))
                .setDetail(Values.id(d, "round 3 vs open round 5"))
                .setClientId(d.oneIn(4) ? null : Values.id(d, "client-7"))
                .setRound(d.oneIn(4) ? null : Values.longValue(d))
                .setKey(d.oneIn(4) ? null : ByteBuffer.wrap(new byte[d.between(0, 16)]))
                .setPayload(ByteBuffer.wrap(payload))
                .setRejectedAt(instant(d))
                .setPayloadSize(newWriter ? Values.longValue(d) : null)
                .setPayloadSha256(newWriter ? ByteBuffer.wrap(new byte[32]) : null)
                .setKeySize(newWriter && d.oneIn(2) ? Values.longValue(d) : null)
                .build();
    }

    private static Double optionalDouble(Draw d, double lo, double hi) {
        return d.oneIn(3) ? null : Values.doubleMostlyIn(d, lo, hi);
    }

    /** Any millisecond instant (a timestamp-millis field is any long). */
    static Instant instant(Draw d) {
        return Instant.ofEpochMilli(Values.longMostlyIn(d, 1_600_000_000_000L, 1_800_000_000_000L));
    }
}
