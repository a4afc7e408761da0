package io.fedstream.job.clientmanager.guard;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.DecodedTensor;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.TensorFormatException;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.model.ModelSpec;

/**
 * Reads the guard's copy of the job's own global-model topic. That topic is compacted and read from
 * the earliest offset, so one bad record on it would be met again by every restart and every
 * resubmitted job: whatever it holds, {@link #read} returns either a model of this job's id and
 * spec (dense, finite, the spec's shapes and parameter count) or the cause it is ignored for. It
 * never throws.
 */
public final class ReadBackModels {
    /** Why a record of the global-model topic is not taken as a model of this job. */
    public enum Cause {
        UNDECODABLE,
        /** Client-auth signed: not signed with the job's key. */
        NOT_SIGNED,
        /** Client-auth signed: a record of another run. */
        OTHER_RUN,
        OTHER_MODEL,
        BAD_VERSION,
        NOT_DENSE,
        WRONG_SHAPE,
        BAD_PARAMETERS
    }

    /** Either a model ({@code ignored == null}) or the cause and a message naming both sides. */
    public record Read(long version, float[] parameters, Cause ignored, String why) {
        static Read ignore(Cause cause, String why) {
            return new Read(-1, null, cause, why);
        }
    }

    private final String modelId;
    private final ModelSpec spec;
    private final WireCodec<GlobalModel> codec = Codecs.globalModel();
    private final ReadBackTrust trust;

    /** A reader that takes any well-formed model of {@code modelId} (client-auth off). */
    public ReadBackModels(String modelId, ModelSpec spec) {
        this(modelId, spec, null);
    }

    /**
     * @param trust the job's identity, so only its own records of this run count; or null
     */
    public ReadBackModels(String modelId, ModelSpec spec, ReadBackTrust trust) {
        this.modelId = modelId;
        this.spec = spec;
        this.trust = trust;
    }

    public Read read(byte[] value) {
        return read(value, null);
    }

    /** The record with value {@code value} and signature header {@code signature}. */
    public Read read(byte[] value, byte[] signature) {
        if (trust != null && !trust.signedByJob("GlobalModel", value, signature)) {
            return Read.ignore(Cause.NOT_SIGNED, "not signed with this job's key");
        }
        try {
            GlobalModel m = codec.decode(value);
            if (trust != null && !trust.runId().equals(m.getRunId())) {
                return Read.ignore(Cause.OTHER_RUN, "a model of another run than this job's");
            }
            return check(m);
        } catch (WireFormatException e) {
            return Read.ignore(Cause.UNDECODABLE, e.getMessage());
        } catch (RuntimeException e) {
            // Whatever else a decodable record can do wrong (an Avro corner, a null where the
            // schema allows none) is a reason to ignore it, never to fail the guard.
            return Read.ignore(Cause.UNDECODABLE, e.toString());
        }
    }

    private Read check(GlobalModel m) {
        if (!modelId.equals(m.getModelId())) {
            return Read.ignore(
                    Cause.OTHER_MODEL,
                    "model_id '" + m.getModelId() + "' vs this job's '" + modelId + "'");
        }
        if (m.getVersion() < 0) {
            return Read.ignore(Cause.BAD_VERSION, "version " + m.getVersion() + " must be >= 0");
        }
        TensorEncoding encoding = m.getParameters().getEncoding();
        if (encoding != TensorEncoding.DENSE_F32_LE) {
            return Read.ignore(
                    Cause.NOT_DENSE,
                    "parameters encoded "
                            + encoding
                            + " vs DENSE_F32_LE (a global model is dense)");
        }
        if (!spec.matchesShapes(m.getParameters().getShapes())) {
            return Read.ignore(
                    Cause.WRONG_SHAPE,
                    "shapes "
                            + m.getParameters().getShapes()
                            + " vs model "
                            + spec
                            + " "
                            + TensorCodec.toAvroShapes(spec.shapes()));
        }
        DecodedTensor parameters;
        try {
            parameters = CompressedTensors.decode(m.getParameters());
        } catch (TensorFormatException e) {
            return Read.ignore(Cause.BAD_PARAMETERS, e.reason() + ": " + e.getMessage());
        }
        if (parameters.values().length != spec.numParameters()) {
            return Read.ignore(
                    Cause.WRONG_SHAPE,
                    parameters.values().length
                            + " parameters vs "
                            + spec.numParameters()
                            + " of model "
                            + spec);
        }
        return new Read(m.getVersion(), parameters.values(), null, null);
    }
}
