package io.fedstream.local;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.Tensor;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.TestRecords;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/** The records {@link HostileRecordsITCase} sends, and the digests it matches dead letters by. */
final class HostileRecords {
    static final String MODEL = "hostile";
    static final ModelSpec SPEC = ModelSpec.parse("logreg:3-2");

    private HostileRecords() {}

    static ModelUpdate.Builder update(String client, long round, long samples, float[] delta) {
        return TestRecords.update(MODEL, SPEC, client, round, samples, delta);
    }

    static ModelUpdate.Builder rawDelta(String client, TensorEncoding encoding, int... data) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            b[i] = (byte) data[i];
        }
        return update(client, 1, 10, delta(0))
                .setDelta(
                        new Tensor(
                                encoding,
                                TensorCodec.toAvroShapes(SPEC.shapes()),
                                ByteBuffer.wrap(b)));
    }

    static byte[] bytes(ModelUpdate.Builder b) {
        return Codecs.modelUpdate().encode(b.build());
    }

    static float[] delta(float base) {
        float[] d = new float[SPEC.numParameters()];
        for (int i = 0; i < d.length; i++) {
            d[i] = base + 0.01f * i;
        }
        return d;
    }

    static byte[] foreignModel(long version, Tensor parameters) {
        return Codecs.globalModel()
                .encode(
                        GlobalModel.newBuilder()
                                .setModelId(MODEL)
                                .setVersion(version)
                                .setModelSpec(SPEC.toString())
                                .setParameters(parameters)
                                .setCreatedAt(Instant.now())
                                .build());
    }

    /** An update of exactly {@code Topics.MAX_MESSAGE_BYTES - 100} bytes (a far too long delta). */
    static byte[] nearLimitUpdate(String client) {
        int target = Topics.MAX_MESSAGE_BYTES - 100;
        int data = target - 64;
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] b = bytes(rawDelta(client, TensorEncoding.DENSE_F32_LE, new int[data]));
            if (b.length == target) {
                return b;
            }
            data += target - b.length;
        }
        throw new AssertionError("could not size the update to " + target + " bytes");
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String hex(ByteBuffer b) {
        return HexFormat.of()
                .formatHex(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }

    static float[] params(GlobalModel m) {
        return TensorCodec.values(m.getParameters());
    }
}
