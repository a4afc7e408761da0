package io.fedstream.job.kafka;

import io.fedstream.job.types.RawRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The job's event time: the broker's record timestamps. Two kinds of source:
 *
 * <ul>
 *   <li>the client topics (updates, heartbeats; LogAppendTime, so timestamps rise on each
 *       partition): one watermark per partition at its newest timestamp, the source's the least of
 *       them. The log clock's ticks keep every partition moving; a partition silent for {@link
 *       #IDLE_AFTER} (no ticks: the clock is off or failing) stops holding the others back.
 *   <li>side inputs (enrollments, the read-back models and round tasks): never hold event time
 *       back. They are marked idle at every periodic emit and emit no watermark of their own.
 * </ul>
 */
public final class LogTime {
    private LogTime() {}

    /** How long a client-topic partition without records (and ticks) may hold event time. */
    public static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    public static WatermarkStrategy<RawRecord> clientTopics() {
        return WatermarkStrategy.<RawRecord>forMonotonousTimestamps()
                .withTimestampAssigner((record, ts) -> record.timestamp)
                .withIdleness(IDLE_AFTER);
    }

    public static WatermarkStrategy<RawRecord> sideInput() {
        return WatermarkStrategy.<RawRecord>forGenerator(ctx -> new NeverHoldsBack())
                .withTimestampAssigner((record, ts) -> record.timestamp);
    }

    /** A generator of no watermarks that keeps its output idle. */
    static final class NeverHoldsBack implements WatermarkGenerator<RawRecord> {
        @Override
        public void onEvent(RawRecord event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
