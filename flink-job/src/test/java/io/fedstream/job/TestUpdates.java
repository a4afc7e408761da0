package io.fedstream.job;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.Tensor;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.RawRecord;
import io.fedstream.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Builders of wire records for the job's tests. */
public final class TestUpdates {
    public static final String MODEL = "test-model";
    public static final ModelSpec SPEC = ModelSpec.parse("logreg:3-2"); // 3*2 + 2 = 8 parameters

    private TestUpdates() {}

    public static ModelUpdate.Builder update(
            String client, long round, long samples, float... delta) {
        return ModelUpdate.newBuilder()
                .setClientId(client)
                .setModelId(MODEL)
                .setRound(round)
                .setBaseVersion(round - 1)
                .setNumSamples(samples)
                .setTrainingLoss(0.5)
                .setTrainingTimeMs(10)
                .setCreatedAt(Instant.ofEpochMilli(1_000))
                .setDelta(TensorCodec.dense(delta, SPEC.shapes()));
    }

    public static Tensor tensor(float... values) {
        return TensorCodec.dense(values, SPEC.shapes());
    }

    public static RawRecord raw(ModelUpdate u) {
        return raw(u.getClientId(), Codecs.modelUpdate().encode(u));
    }

    public static RawRecord raw(String key, byte[] value) {
        return new RawRecord(
                "fedstream.updates", 0, 0, 1_000, key.getBytes(StandardCharsets.UTF_8), value);
    }

    public static byte[] heartbeat(String client, String model) {
        return Codecs.heartbeat()
                .encode(
                        ClientHeartbeat.newBuilder()
                                .setClientId(client)
                                .setModelId(model)
                                .setNumSamples(100)
                                .setDevice(Map.of())
                                .setTimestamp(Instant.ofEpochMilli(1_000))
                                .build());
    }

    public static float[] filled(float v) {
        float[] out = new float[SPEC.numParameters()];
        java.util.Arrays.fill(out, v);
        return out;
    }

    /** The reason {@code validator} refuses {@code raw} for; fails if it accepts it. */
    public static ReasonCode reasonOf(UpdateValidator validator, RawRecord raw) {
        UpdateValidator.Outcome outcome = validator.validate(raw);
        if (outcome.accepted() != null) {
            throw new AssertionError("expected a rejection, the update was accepted");
        }
        return outcome.rejection().reason();
    }
}
