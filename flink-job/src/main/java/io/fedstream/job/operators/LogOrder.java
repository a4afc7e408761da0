package io.fedstream.job.operators;

import io.fedstream.job.types.PendingEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * The round coordinator's events waiting for event time, in keyed state by timestamp: each
 * timestamp has one event-time timer, and its events come out in {@link PendingEvent#LOG_ORDER}.
 */
final class LogOrder {
    private final MapState<Long, List<PendingEvent>> byTimestamp;

    private LogOrder(MapState<Long, List<PendingEvent>> byTimestamp) {
        this.byTimestamp = byTimestamp;
    }

    /** The waiting events in {@code context}'s keyed state ("pending-events"). */
    static LogOrder in(RuntimeContext context) {
        return new LogOrder(
                context.getMapState(
                        new MapStateDescriptor<>(
                                "pending-events",
                                Types.LONG,
                                Types.LIST(TypeInformation.of(PendingEvent.class)))));
    }

    /** Holds {@code event} until event time reaches {@code timestamp}. */
    void hold(PendingEvent event, long timestamp, TimerService timers) throws Exception {
        List<PendingEvent> due = byTimestamp.get(timestamp);
        if (due == null) {
            due = new ArrayList<>(2);
            timers.registerEventTimeTimer(timestamp);
        }
        due.add(event);
        byTimestamp.put(timestamp, due);
    }

    /** Whether events wait for {@code timestamp} (whose timer must then stay). */
    boolean holdsAt(long timestamp) throws Exception {
        return byTimestamp.contains(timestamp);
    }

    /** Removes and returns the events of {@code timestamp}, in log order. */
    List<PendingEvent> take(long timestamp) throws Exception {
        List<PendingEvent> due = byTimestamp.get(timestamp);
        if (due == null) {
            return List.of();
        }
        byTimestamp.remove(timestamp);
        due.sort(PendingEvent.LOG_ORDER);
        return due;
    }
}
