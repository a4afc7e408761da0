package io.fedstream.job.operators;

import io.fedstream.job.clientmanager.HeartbeatRateLimit;
import io.fedstream.job.types.ControlEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The per-client heartbeat rate limit ({@link HeartbeatRateLimit}), keyed by client id between the
 * heartbeat decoder and the round coordinator, so that the coordinator's single subtask sees at
 * most one heartbeat per client per minimum interval and the check scales with the parallelism.
 *
 * <p>Time is the heartbeat's record timestamp (broker time), so which heartbeats pass is a function
 * of the log and a restored job lets through the same ones. The time of a client's last admitted
 * heartbeat lives in keyed state that an event-time timer clears one interval later, so the limiter
 * holds an entry only for the ids heard within the last interval. Limited heartbeats are counted in
 * {@code heartbeatsLimited}.
 */
public class LimitHeartbeats extends KeyedProcessFunction<String, ControlEvent, ControlEvent> {
    private static final long serialVersionUID = 1L;

    private final long minIntervalMs;
    private transient HeartbeatRateLimit limit;
    private transient ValueState<Long> lastAdmitted;
    private transient Counter limited;

    /**
     * @param minIntervalMs least time between two heartbeats of a client; 0 passes all
     */
    public LimitHeartbeats(long minIntervalMs) {
        this.minIntervalMs = minIntervalMs;
    }

    @Override
    public void open(OpenContext openContext) {
        limit = new HeartbeatRateLimit(minIntervalMs);
        limited = getRuntimeContext().getMetricGroup().counter("heartbeatsLimited");
        if (limit.enabled()) {
            lastAdmitted =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("last-admitted-at", Types.LONG));
        }
    }

    @Override
    public void processElement(ControlEvent e, Context ctx, Collector<ControlEvent> out)
            throws Exception {
        if (!limit.enabled() || e.kind != ControlEvent.Kind.HEARTBEAT) {
            out.collect(e); // a deregistration is never held back
            return;
        }
        Long stamp = ctx.timestamp();
        long now = stamp != null ? stamp : ctx.timerService().currentProcessingTime();
        if (limit.admits(lastAdmitted.value(), now)) {
            lastAdmitted.update(now);
            ctx.timerService().registerEventTimeTimer(now + minIntervalMs);
            out.collect(e);
        } else {
            limited.inc();
        }
    }

    /** Forgets a client's last admission once a whole interval has passed since it. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ControlEvent> out)
            throws Exception {
        Long last = lastAdmitted.value();
        if (last != null && timestamp >= last + minIntervalMs) {
            lastAdmitted.clear();
        }
    }
}
