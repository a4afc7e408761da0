package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.MODEL;
import static io.fedstream.job.TestUpdates.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DecodeHeartbeatsHarnessTest {
    private long offset;

    private void send(OneInputStreamOperatorTestHarness<RawRecord, ControlEvent> h, byte[] value)
            throws Exception {
        h.processElement(
                new StreamRecord<>(
                        new RawRecord("fedstream.heartbeats", 0, offset++, 0, null, value)));
    }

    @Test
    void deadLettersHeartbeatsWithBadClientIdsAndPassesGoodOnes() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, ControlEvent> h =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new DecodeHeartbeats(MODEL, "fedstream.dead-letter"))) {
            send(h, heartbeat("x".repeat(129), MODEL));
            send(h, heartbeat("evil\u001b[2J", MODEL));
            send(h, heartbeat("x".repeat(100_000), "another-model")); // not ours: ignored
            send(h, heartbeat("c1", MODEL));
            send(h, new byte[] {1, 2, 3});

            assertThat(h.extractOutputValues()).extracting(e -> e.clientId).containsExactly("c1");
            List<DeadLetter> letters = new ArrayList<>();
            for (StreamRecord<OutboundRecord> r : h.getSideOutput(Tags.DEAD_LETTERS)) {
                letters.add(Codecs.deadLetter().decode(r.getValue().value));
            }
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(ReasonCode.BAD_ID, ReasonCode.BAD_ID, ReasonCode.UNDECODABLE);
            assertThat(letters.get(0).getDetail())
                    .isEqualTo("client_id has 129 characters: expected at most 128");
            assertThat(letters.get(0).getClientId()).isEqualTo("x".repeat(128) + "…[cut 1 chars]");
            assertThat(letters.get(1).getDetail())
                    .isEqualTo(
                            "client_id has the non-printable character U+001B at position 4:"
                                    + " expected printable characters only");
            assertThat(letters.get(1).getOffset()).isEqualTo(1L);
        }
    }
}
