package io.fedstream.local;

import io.fedstream.avro.ClientHeartbeat;
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
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The records {@link HostileRecordsITCase} and {@link HostileCatalogueITCase} send, and the digests
 * they match dead letters by.
 */
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
        return nearLimitUpdate(client, Topics.MAX_MESSAGE_BYTES - 100);
    }

    /** An update of {@code client} of exactly {@code size} bytes (a far too long delta). */
    static byte[] nearLimitUpdate(String client, int size) {
        return sized(size, n -> bytes(rawDelta(client, TensorEncoding.DENSE_F32_LE, new int[n])));
    }

    /**
     * {@code build(n)} for the n that makes it exactly {@code target} bytes, where {@code n} is the
     * length of one field that grows the record byte for byte (a string or bytes field).
     */
    static byte[] sized(int target, IntFunction<byte[]> build) {
        int n = target - 64;
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] b = build.apply(n);
            if (b.length == target) {
                return b;
            }
            n += target - b.length;
        }
        throw new AssertionError("could not size the record to " + target + " bytes");
    }

    /** A heartbeat of {@code client} for this model: 10 samples, no device facts. */
    static ClientHeartbeat.Builder heartbeat(String client) {
        return ClientHeartbeat.newBuilder()
                .setClientId(client)
                .setModelId(MODEL)
                .setNumSamples(10)
                .setDevice(Map.of())
                .setTimestamp(TestRecords.CREATED_AT);
    }

    static byte[] bytes(ClientHeartbeat.Builder b) {
        return Codecs.heartbeat().encode(b.build());
    }

    /** {@code valid} with its schema fingerprint (bytes 2-9) inverted: a schema nobody knows. */
    static byte[] unknownFingerprint(byte[] valid) {
        byte[] b = valid.clone();
        for (int i = 2; i < 10; i++) {
            b[i] = (byte) ~b[i];
        }
        return b;
    }

    /** {@code n} seeded random bytes that do not start with the single-object marker. */
    static byte[] garbage(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        if (n > 0 && b[0] == (byte) 0xC3) {
            b[0] = 0x42;
        }
        return b;
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
