package io.fedstream.edge.client;

import static io.fedstream.edge.TestIdentities.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.contract.Codecs;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.edge.identity.RecordSealer;
import io.fedstream.identity.Identity;
import io.fedstream.identity.SignedRecords;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What the sender hands Kafka's producer (Kafka's own MockProducer), headers included. */
class KafkaSenderTest {
    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final KafkaSender sender = new KafkaSender("client-0001", producer);
    private final Identity client = identity("client-0001", 1);

    private static ClientHeartbeat heartbeat() {
        return ClientHeartbeat.newBuilder()
                .setClientId("client-0001")
                .setModelId("m")
                .setNumSamples(3)
                .setDevice(Map.of())
                .setTimestamp(T0)
                .build();
    }

    @Test
    void aSignedRecordCarriesASignatureOfTheValueSentAndTheSignersKeyId() throws Exception {
        RecordSealer sealer =
                RecordSealer.signing(
                        new ClientAuth(client, identity("job", 2).publicIdentity(), "run-1"),
                        Clock.fixed(T0, ZoneOffset.UTC));
        AtomicLong acked = new AtomicLong();

        assertThat(sender.send("hb", () -> sealer.heartbeat(heartbeat()), "heartbeat", acked))
                .isTrue();

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("hb");
        assertThat(sent.key()).isEqualTo("client-0001");
        byte[] sig = sent.headers().lastHeader(SignedRecords.SIGNATURE_HEADER).value();
        byte[] signer = sent.headers().lastHeader(SignedRecords.SIGNER_HEADER).value();
        assertThat(new String(signer, StandardCharsets.US_ASCII))
                .isEqualTo(client.publicIdentity().keyId());
        assertThat(client.publicIdentity().verifier().verify("ClientHeartbeat", sent.value(), sig))
                .isTrue();
        assertThat(Codecs.heartbeat().decode(sent.value()).getRunId()).isEqualTo("run-1");
        assertThat(acked.get()).isEqualTo(1);
    }

    @Test
    void anUnsignedRecordHasNoHeaders() {
        sender.send(
                "hb", () -> RecordSealer.unsigned().heartbeat(heartbeat()), "hb", new AtomicLong());
        assertThat(producer.history().get(0).headers().toArray()).isEmpty();
    }

    @Test
    void nothingIsSealedOrSentOnceStopping() {
        sender.stopSending();
        boolean[] sealed = {false};
        boolean sent =
                sender.send(
                        "hb",
                        () -> {
                            sealed[0] = true;
                            return RecordSealer.unsigned().heartbeat(heartbeat());
                        },
                        "hb",
                        new AtomicLong());
        assertThat(sent).isFalse();
        assertThat(sealed[0]).as("no sequence number spent").isFalse();
        assertThat(producer.history()).isEmpty();
        sender.close(Duration.ZERO);
    }
}
