package io.fedstream.edge.identity;

import static io.fedstream.edge.TestIdentities.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.identity.Identity;
import io.fedstream.model.ModelSpec;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSealerTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final long T0_MICROS = T0.getEpochSecond() * 1_000_000L;
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:3-2-2");

    private final Identity client = identity("client-0001", 1);
    private final Identity job = identity("job", 2);

    private static ModelUpdate update() {
        return ModelUpdate.newBuilder()
                .setClientId("client-0001")
                .setModelId("m")
                .setRound(4)
                .setBaseVersion(3)
                .setNumSamples(10)
                .setTrainingLoss(0.5)
                .setTrainingTimeMs(7)
                .setCreatedAt(T0)
                .setDelta(TensorCodec.dense(new float[SPEC.numParameters()], SPEC.shapes()))
                .build();
    }

    private static ClientHeartbeat heartbeat() {
        return ClientHeartbeat.newBuilder()
                .setClientId("client-0001")
                .setModelId("m")
                .setNumSamples(10)
                .setDevice(Map.of())
                .setTimestamp(T0)
                .build();
    }

    /** Plain JDK Ed25519 over the documented message, not through RecordVerifier. */
    private static boolean verifies(Identity id, String type, byte[] value, byte[] sig)
            throws Exception {
        byte[] prefix =
                ("FedStream signed record v1\0" + type + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + value.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(value, 0, message, prefix.length, value.length);
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(id.publicIdentity().signingPublicKey());
        s.update(message);
        return s.verify(sig);
    }

    private RecordSealer signing() {
        return RecordSealer.signing(
                new ClientAuth(client, job.publicIdentity(), "run-1"),
                new SteppingClock(T0, T0, T0));
    }

    @Test
    void signsTheUpdateBytesItReturnsWithTheClientsKey() throws Exception {
        RecordSealer.Sealed sealed = signing().update(update());

        assertThat(sealed.signed()).isTrue();
        assertThat(sealed.signer()).isEqualTo(client.publicIdentity().keyId());
        assertThat(sealed.signature()).hasSize(64);
        assertThat(verifies(client, "ModelUpdate", sealed.value(), sealed.signature())).isTrue();
        assertThat(verifies(job, "ModelUpdate", sealed.value(), sealed.signature())).isFalse();
        assertThat(verifies(client, "ClientHeartbeat", sealed.value(), sealed.signature()))
                .isFalse();

        ModelUpdate sent = Codecs.modelUpdate().decode(sealed.value());
        assertThat(sent.getRunId()).isEqualTo("run-1");
        assertThat(sent.getSequence()).isEqualTo(T0_MICROS);
        assertThat(sent.getRound()).isEqualTo(4);
    }

    @Test
    void signsHeartbeatsAndSharesOneSequenceWithUpdates() throws Exception {
        RecordSealer sealer = signing(); // the clock stands still at T0
        RecordSealer.Sealed hb1 = sealer.heartbeat(heartbeat());
        RecordSealer.Sealed up = sealer.update(update());
        RecordSealer.Sealed hb2 = sealer.heartbeat(heartbeat());

        assertThat(verifies(client, "ClientHeartbeat", hb1.value(), hb1.signature())).isTrue();
        List<Long> sequences =
                List.of(
                        Codecs.heartbeat().decode(hb1.value()).getSequence(),
                        Codecs.modelUpdate().decode(up.value()).getSequence(),
                        Codecs.heartbeat().decode(hb2.value()).getSequence());
        assertThat(sequences).containsExactly(T0_MICROS, T0_MICROS + 1, T0_MICROS + 2);
        assertThat(Codecs.heartbeat().decode(hb2.value()).getRunId()).isEqualTo("run-1");
    }

    @Test
    void theSignatureCoversEveryByteSent() throws Exception {
        RecordSealer.Sealed sealed = signing().update(update());
        byte[] value = sealed.value();
        for (int bit = 0; bit < value.length * 8; bit += 7) {
            byte[] flipped = value.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(verifies(client, "ModelUpdate", flipped, sealed.signature()))
                    .as("bit %d", bit)
                    .isFalse();
        }
    }

    @Test
    void unsignedSealingOnlyEncodes() throws Exception {
        ModelUpdate u = update();
        byte[] expected = Codecs.modelUpdate().encode(update());
        RecordSealer.Sealed sealed = RecordSealer.unsigned().update(u);

        assertThat(sealed.signed()).isFalse();
        assertThat(sealed.signer()).isNull();
        assertThat(sealed.value()).isEqualTo(expected);
        assertThat(u.getRunId()).isNull();
        assertThat(u.getSequence()).isNull();
        assertThat(RecordSealer.unsigned().heartbeat(heartbeat()).value())
                .isEqualTo(Codecs.heartbeat().encode(heartbeat()));
    }
}
