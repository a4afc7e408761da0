package io.fedstream.job.round;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.DecodedTensor;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.TensorFormatException;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.model.ModelSpec;

/**
 * Stateless checks of one update record: it decodes, names this job's model, has the model's
 * shapes, a delta that is valid in its encoding (dense or compressed: byte counts, indices in range
 * and strictly increasing, finite scales; see {@link CompressedTensors#decode}) with only finite
 * values, ids that meet {@link IdRules}, a training loss in [0, {@value #MAX_TRAINING_LOSS}] nats
 * and a training time in [0, {@value #MAX_TRAINING_TIME_MS}] ms, and a positive sample count (at
 * most {@code max-num-samples} if set) and round. Checks that need round state (stale, duplicate,
 * not selected) are the coordinator's.
 */
public final class UpdateValidator {
    /**
     * The largest training loss accepted, in nats: a cross-entropy of 10^6 means logits a million
     * apart, a diverged model. With num_samples at most 10^7 (the default cap) and 10,000 updates a
     * round, the weighted loss sum stays far below overflow, so GlobalModel.train_loss and
     * RoundMetrics.train_loss are always finite.
     */
    public static final double MAX_TRAINING_LOSS = 1e6;

    /** The longest training time accepted, 7 days (the updates topic's retention), in ms. */
    public static final long MAX_TRAINING_TIME_MS = 7L * 24 * 60 * 60 * 1000;

    private final String modelId;
    private final ModelSpec spec;
    private final long maxNumSamples;
    private final WireCodec<ModelUpdate> codec = Codecs.modelUpdate();

    public UpdateValidator(String modelId, ModelSpec spec) {
        this(modelId, spec, 0);
    }

    /**
     * @param maxNumSamples the most training samples an update may claim, or 0 for no limit
     */
    public UpdateValidator(String modelId, ModelSpec spec, long maxNumSamples) {
        if (maxNumSamples < 0) {
            throw new IllegalArgumentException(
                    "max-num-samples " + maxNumSamples + " must be >= 0 (0 = no limit)");
        }
        this.modelId = modelId;
        this.spec = spec;
        this.maxNumSamples = maxNumSamples;
    }

    /** Either {@code accepted} or {@code rejection} is non-null. */
    public record Outcome(ValidatedUpdate accepted, Rejection rejection) {
        static Outcome reject(ReasonCode reason, String detail, ModelUpdate u) {
            return new Outcome(
                    null,
                    new Rejection(
                            reason,
                            detail,
                            u == null ? null : u.getClientId(),
                            u == null ? null : u.getRound()));
        }
    }

    /**
     * The reason code of a record that does not decode: its schema is unknown, or it is garbage.
     */
    public static ReasonCode reasonFor(WireFormatException e) {
        return e.kind() == WireFormatException.Kind.UNKNOWN_SCHEMA
                ? ReasonCode.UNKNOWN_SCHEMA
                : ReasonCode.UNDECODABLE;
    }

    public Outcome validate(RawRecord raw) {
        ModelUpdate u;
        try {
            u = codec.decode(raw.value);
        } catch (WireFormatException e) {
            return Outcome.reject(reasonFor(e), e.getMessage(), null);
        }
        String badId = IdRules.violation("client_id", u.getClientId());
        if (badId == null) {
            badId = IdRules.violation("model_id", u.getModelId());
        }
        if (badId != null) {
            return new Outcome(
                    null,
                    new Rejection(
                            ReasonCode.BAD_ID,
                            badId,
                            BoundedText.cap(u.getClientId(), IdRules.MAX_ID_CODE_POINTS),
                            u.getRound()));
        }
        if (!modelId.equals(u.getModelId())) {
            return Outcome.reject(
                    ReasonCode.WRONG_MODEL,
                    "model_id '" + u.getModelId() + "' vs this job's '" + modelId + "'",
                    u);
        }
        if (u.getRound() < 1) {
            return Outcome.reject(
                    ReasonCode.BAD_ROUND, "round " + u.getRound() + " must be >= 1", u);
        }
        if (u.getNumSamples() <= 0) {
            return Outcome.reject(
                    ReasonCode.BAD_NUM_SAMPLES,
                    "num_samples " + u.getNumSamples() + " must be > 0",
                    u);
        }
        if (maxNumSamples > 0 && u.getNumSamples() > maxNumSamples) {
            return Outcome.reject(
                    ReasonCode.BAD_NUM_SAMPLES,
                    "num_samples "
                            + u.getNumSamples()
                            + " exceeds this job's max-num-samples "
                            + maxNumSamples,
                    u);
        }
        double loss = u.getTrainingLoss();
        if (!(loss >= 0 && loss <= MAX_TRAINING_LOSS)) {
            // A cross-entropy is finite and >= 0; anything else would reach GlobalModel.train_loss
            // and RoundMetrics through the weighted mean.
            return Outcome.reject(
                    ReasonCode.BAD_TRAINING_STATS,
                    "training_loss " + loss + ": expected a finite value in [0, 1e6] (nats)",
                    u);
        }
        long time = u.getTrainingTimeMs();
        if (time < 0 || time > MAX_TRAINING_TIME_MS) {
            return Outcome.reject(
                    ReasonCode.BAD_TRAINING_STATS,
                    "training_time_ms "
                            + time
                            + ": expected in [0, "
                            + MAX_TRAINING_TIME_MS
                            + "] (7 days)",
                    u);
        }
        if (u.getDelta().getEncoding() == TensorEncoding.UNKNOWN) {
            return Outcome.reject(
                    ReasonCode.UNSUPPORTED_ENCODING,
                    "encoding UNKNOWN (a symbol this reader does not know) vs supported "
                            + "DENSE_F32_LE, SPARSE_F32, DENSE_Q8, SPARSE_Q8",
                    u);
        }
        if (!spec.matchesShapes(u.getDelta().getShapes())) {
            return Outcome.reject(
                    ReasonCode.SHAPE_MISMATCH,
                    "shapes "
                            + u.getDelta().getShapes()
                            + " vs model "
                            + spec
                            + " "
                            + TensorCodec.toAvroShapes(spec.shapes()),
                    u);
        }
        DecodedTensor delta;
        try {
            delta = CompressedTensors.decode(u.getDelta());
        } catch (TensorFormatException e) {
            TensorEncoding encoding = u.getDelta().getEncoding();
            String detail =
                    encoding == TensorEncoding.DENSE_F32_LE
                            ? e.getMessage()
                            : encoding + ": " + e.getMessage();
            return Outcome.reject(e.reason(), detail, u);
        }
        ValidatedUpdate v = new ValidatedUpdate();
        v.modelId = u.getModelId();
        v.clientId = u.getClientId();
        v.round = u.getRound();
        v.baseVersion = u.getBaseVersion();
        v.numSamples = u.getNumSamples();
        v.trainingLoss = u.getTrainingLoss();
        v.trainingTimeMs = u.getTrainingTimeMs();
        v.indices = delta.indices();
        v.values = delta.values();
        int dataBytes = u.getDelta().getData().remaining();
        v.denseWireBytes =
                raw.wireBytes()
                        - CompressedTensors.bytesFieldSize(dataBytes)
                        + CompressedTensors.bytesFieldSize(4L * spec.numParameters());
        v.raw = raw;
        v.runId = u.getRunId();
        v.sequence = u.getSequence();
        return new Outcome(v, null);
    }
}
