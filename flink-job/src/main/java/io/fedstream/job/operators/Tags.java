package io.fedstream.job.operators;

import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.OutboundRecord;
import org.apache.flink.util.OutputTag;

/** Side outputs of the job's operators. */
public final class Tags {
    private Tags() {}

    /** Encoded DeadLetter records for the dead-letter topic. */
    public static final OutputTag<OutboundRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    /** Notices of rejected records, so the coordinator can count them in the round's metrics. */
    public static final OutputTag<ControlEvent> REJECTIONS = new OutputTag<>("rejections") {};

    /** Updates for rounds that already closed (also dead-lettered as STALE_ROUND). */
    public static final OutputTag<OutboundRecord> LATE_UPDATES = new OutputTag<>("late-updates") {};
}
