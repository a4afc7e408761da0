package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadLettersTest {
    private final DeadLetters deadLetters = new DeadLetters(Topics.DEAD_LETTER);

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void aNearLimitPayloadMakesASmallDeadLetterWithItsHashAndPrefix() throws Exception {
        byte[] payload = new byte[Topics.MAX_MESSAGE_BYTES - 100];
        new Random(7).nextBytes(payload);
        RawRecord raw =
                new RawRecord(
                        Topics.UPDATES,
                        3,
                        12345L,
                        0,
                        "c1".getBytes(StandardCharsets.UTF_8),
                        payload);

        OutboundRecord out =
                deadLetters.of(
                        raw, new Rejection(ReasonCode.UNDECODABLE, "corrupt", "c1", 2L), 1_000);

        assertThat(out.value.length).isLessThan(8 * 1024);
        DeadLetter d = Codecs.deadLetter().decode(out.value);
        assertThat(d.getSourceTopic()).isEqualTo(Topics.UPDATES);
        assertThat(d.getPartition()).isEqualTo(3);
        assertThat(d.getOffset()).isEqualTo(12345L);
        assertThat(d.getReason()).isEqualTo(ReasonCode.UNDECODABLE);
        assertThat(d.getPayloadSize()).isEqualTo(8_388_508L);
        assertThat(bytes(d.getPayload())).isEqualTo(Arrays.copyOf(payload, 4096));
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(payload);
        assertThat(bytes(d.getPayloadSha256())).hasSize(32).isEqualTo(expected);
        assertThat(bytes(d.getKey())).isEqualTo("c1".getBytes(StandardCharsets.UTF_8));
        assertThat(d.getKeySize()).isEqualTo(2L);
    }

    @Test
    void aSmallPayloadIsCarriedWhole() throws Exception {
        byte[] payload = {1, 2, 3, (byte) 0xC3};
        OutboundRecord out =
                deadLetters.of(
                        new RawRecord(Topics.UPDATES, 0, 1, 0, null, payload),
                        new Rejection(ReasonCode.UNDECODABLE, "short", null, null),
                        1_000);
        DeadLetter d = Codecs.deadLetter().decode(out.value);
        assertThat(bytes(d.getPayload())).isEqualTo(payload);
        assertThat(d.getPayloadSize()).isEqualTo(4L);
        // SHA-256("\x01\x02\x03\xC3") from MessageDigest; the key was null, so it stays null.
        assertThat(bytes(d.getPayloadSha256()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
        assertThat(d.getKey()).isNull();
        assertThat(d.getKeySize()).isNull();
        assertThat(out.key).isNull();
    }

    @Test
    void capsDetailClientIdAndKeyWithAMarker() throws Exception {
        String longId = "x".repeat(100_000);
        byte[] key = longId.getBytes(StandardCharsets.UTF_8);
        OutboundRecord out =
                deadLetters.of(
                        new RawRecord(Topics.UPDATES, 0, 1, 0, key, new byte[] {1}),
                        new Rejection(
                                ReasonCode.WRONG_MODEL, "model_id '" + longId + "'", longId, 1L),
                        1_000);

        assertThat(out.key).hasSize(512);
        DeadLetter d = Codecs.deadLetter().decode(out.value);
        assertThat(d.getClientId()).isEqualTo("x".repeat(512) + "…[cut 99488 chars]");
        assertThat(d.getDetail()).isEqualTo("model_id '" + "x".repeat(502) + "…[cut 99499 chars]");
        assertThat(bytes(d.getKey())).hasSize(512);
        assertThat(d.getKeySize()).isEqualTo(100_000L);
    }

    @Test
    void aRecordWhoseKeyWasCutEarlierMakesTheSameDeadLetter() throws Exception {
        byte[] key = "k".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        RawRecord whole = new RawRecord(Topics.UPDATES, 0, 1, 0, key, new byte[] {1, 2});
        RawRecord cut = whole.withKeyCut(DeadLetters.KEY_PREFIX_BYTES);
        Rejection why = new Rejection(ReasonCode.NOT_SELECTED, "not selected", "c", 1L);

        assertThat(cut.key).hasSize(512);
        assertThat(cut.wireBytes()).isEqualTo(whole.wireBytes()).isEqualTo(100_002);
        assertThat(deadLetters.of(cut, why, 1_000).value)
                .isEqualTo(deadLetters.of(whole, why, 1_000).value);
        assertThat(whole.withKeyCut(200_000)).isSameAs(whole);
    }

    @Test
    void capDoesNotSplitASurrogatePair() {
        String s = "a".repeat(4) + "\uD83D\uDE00" + "b"; // 😀 at chars 4-5
        assertThat(BoundedText.cap(s, 5)).isEqualTo("aaaa…[cut 3 chars]");
        assertThat(BoundedText.cap(s, 6)).isEqualTo("aaaa\uD83D\uDE00…[cut 1 chars]");
        assertThat(BoundedText.cap(s, 7)).isSameAs(s);
    }
}
