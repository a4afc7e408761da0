package io.fedstream.bench;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.identity.Identity;
import io.fedstream.identity.RecordSigner;
import io.fedstream.identity.SignedRecords;
import io.fedstream.job.clientmanager.identity.ClientAuthenticator;
import io.fedstream.job.types.Enrollment;
import io.fedstream.model.ModelSpec;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of client identity per update: the edge's Ed25519 signature of a ModelUpdate value, the
 * job's whole authentication check of it ({@link ClientAuthenticator}: key parse, verify, run and
 * sequence), against two references measured in the same run: SHA-512 of the signed message (the
 * hash Ed25519 runs over the message, once to verify and twice to sign: the floor of any
 * message-size-dependent cost) and the Avro encoding of the same update. Updates of the standard
 * {@code logreg} (7,850 parameters, about 31 KB) and {@code mlp} (101,770, about 407 KB), dense
 * float32 from {@code new Random(42)}; keys from a seeded SHA1PRNG.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Thread)
public class SignatureBenchmark {
    @Param({"logreg", "mlp"})
    public String model;

    private ModelUpdate update;
    private byte[] value;
    private byte[] message;
    private byte[] signature;
    private RecordSigner signer;
    private Enrollment enrollment;
    private ClientAuthenticator authenticator;
    private MessageDigest sha512;

    @Setup
    public void setUp() throws Exception {
        ModelSpec spec = ModelSpec.parse(model);
        float[] delta = new float[spec.numParameters()];
        Random random = new Random(42);
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) (random.nextGaussian() * 0.01);
        }
        update =
                ModelUpdate.newBuilder()
                        .setClientId("client-0001")
                        .setModelId("fashion-mnist")
                        .setRound(7)
                        .setBaseVersion(6)
                        .setNumSamples(600)
                        .setTrainingLoss(0.3)
                        .setTrainingTimeMs(1000)
                        .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                        .setDelta(TensorCodec.dense(delta, spec.shapes()))
                        .setRunId("run-1")
                        .setSequence(1_700_000_000_000_000L)
                        .build();
        value = Codecs.modelUpdate().encode(update);
        message = SignedRecords.message("ModelUpdate", value);
        SecureRandom keys = SecureRandom.getInstance("SHA1PRNG");
        keys.setSeed(7);
        Identity client = Identity.generate("client-0001", keys);
        signer = client.signer();
        signature = signer.sign("ModelUpdate", value);
        enrollment = new Enrollment();
        enrollment.clientId = "client-0001";
        enrollment.active = true;
        enrollment.signingKey = client.publicIdentity().signingKey();
        enrollment.agreementKey = client.publicIdentity().agreementKey();
        enrollment.notBefore = 0;
        enrollment.notAfter = Long.MAX_VALUE;
        authenticator = new ClientAuthenticator("run-1");
        sha512 = MessageDigest.getInstance("SHA-512");
        System.out.printf("%s update: %,d bytes%n", model, value.length);
    }

    @Benchmark
    public byte[] sign() {
        return signer.sign("ModelUpdate", value);
    }

    @Benchmark
    public Object authenticate() {
        Object rejection =
                authenticator.check(
                        enrollment,
                        0L,
                        new ClientAuthenticator.Signed(
                                "ModelUpdate",
                                "client-0001",
                                value,
                                signature,
                                1_000L,
                                "run-1",
                                1_700_000_000_000_000L));
        if (rejection != null) {
            throw new IllegalStateException("benchmark update refused: " + rejection);
        }
        return rejection;
    }

    @Benchmark
    public byte[] sha512Floor() {
        return sha512.digest(message);
    }

    @Benchmark
    public byte[] encode() {
        return Codecs.modelUpdate().encode(update);
    }
}
