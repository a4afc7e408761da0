package io.fedstream.job.operators;

import static io.fedstream.job.TestUpdates.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.types.ControlEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class LimitHeartbeatsHarnessTest {
    private static KeyedOneInputStreamOperatorTestHarness<String, ControlEvent, ControlEvent>
            harness(long minIntervalMs) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new LimitHeartbeats(minIntervalMs), e -> e.clientId, Types.STRING);
    }

    private static void beatAt(
            KeyedOneInputStreamOperatorTestHarness<String, ControlEvent, ControlEvent> h,
            String client,
            long now)
            throws Exception {
        // The record's timestamp is its time; processing time stays at 0 throughout.
        h.processElement(new StreamRecord<>(ControlEvent.heartbeat(MODEL, client, 10), now));
    }

    @Test
    void passesOneHeartbeatPerClientPerInterval() throws Exception {
        try (var h = harness(1_000)) {
            beatAt(h, "a", 0); // passes
            beatAt(h, "a", 400); // 400 ms after a's last: limited
            beatAt(h, "b", 500); // b's first: passes
            beatAt(h, "a", 999); // 999 ms: limited
            beatAt(h, "a", 1_000); // 1 000 ms: passes
            beatAt(h, "b", 1_400); // 900 ms after b's: limited

            assertThat(h.extractOutputValues())
                    .extracting(e -> e.clientId)
                    .containsExactly("a", "b", "a");
        }
    }

    @Test
    void aLimitedHeartbeatDoesNotPushTheNextOneBack() throws Exception {
        try (var h = harness(1_000)) {
            beatAt(h, "a", 0);
            beatAt(h, "a", 900); // limited, and not remembered
            beatAt(h, "a", 1_000); // 1 000 ms after the last *passed* one: passes
            assertThat(h.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aClientsEntryIsClearedOneIntervalAfterItsLastPassedHeartbeatInEventTime()
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(1_000)) {
            beatAt(h, "a", 0); // cleared at 0 + 1 000
            beatAt(h, "b", 900); // cleared at 1 900
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.processWatermark(new Watermark(1_500)); // a's timer fires, b's not yet
            assertThat(h.numKeyedStateEntries()).as("b only").isEqualTo(1);
            snapshot = h.snapshot(1L, 0);
        }
        try (var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new LimitHeartbeats(1_000)),
                        (ControlEvent e) -> e.clientId,
                        Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.numKeyedStateEntries()).as("b only").isEqualTo(1);
            restored.processWatermark(new Watermark(1_900)); // b's timer survived the restore
            assertThat(restored.numKeyedStateEntries()).isZero();
            beatAt(restored, "b", 1_950); // 1 050 ms after b's last: passes
            assertThat(restored.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void theLimitFollowsRecordTimeNotArrivalTime() throws Exception {
        try (var h = harness(1_000)) {
            h.setProcessingTime(0);
            beatAt(h, "a", 5_000);
            h.setProcessingTime(60_000); // a minute later on the wall clock...
            beatAt(h, "a", 5_500); // ...but 500 ms later in the log: limited
            assertThat(h.extractOutputValues()).hasSize(1);
        }
    }

    @Test
    void aZeroIntervalPassesEverythingAndKeepsNoState() throws Exception {
        try (var h = harness(0)) {
            for (int i = 0; i < 5; i++) {
                beatAt(h, "a", 0);
            }
            assertThat(h.extractOutputValues()).hasSize(5);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
