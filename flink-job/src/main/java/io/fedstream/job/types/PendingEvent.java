package io.fedstream.job.types;

import java.util.Comparator;

/**
 * An input of the round coordinator waiting in keyed state for event time to pass its timestamp:
 * either an update or a control event (exactly one is set).
 */
public class PendingEvent {
    public ValidatedUpdate update;
    public ControlEvent control;

    /**
     * The order of events of one timestamp: by topic, partition and offset of their records, so
     * that it is a function of the log, whatever order the inputs arrived in; events of no record
     * (a revocation) come last.
     */
    public static final Comparator<PendingEvent> LOG_ORDER =
            Comparator.comparing(
                            PendingEvent::topic, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparingInt(PendingEvent::partition)
                    .thenComparingLong(PendingEvent::offset)
                    .thenComparing(
                            PendingEvent::clientId,
                            Comparator.nullsLast(Comparator.naturalOrder()));

    public PendingEvent() {}

    public static PendingEvent of(ValidatedUpdate u) {
        PendingEvent p = new PendingEvent();
        p.update = u;
        return p;
    }

    public static PendingEvent of(ControlEvent e) {
        PendingEvent p = new PendingEvent();
        p.control = e;
        return p;
    }

    private String topic() {
        if (update != null) {
            return update.raw == null ? null : update.raw.topic;
        }
        return control.sourceTopic;
    }

    private int partition() {
        if (update != null) {
            return update.raw == null ? -1 : update.raw.partition;
        }
        return control.sourcePartition;
    }

    private long offset() {
        if (update != null) {
            return update.raw == null ? -1 : update.raw.offset;
        }
        return control.sourceOffset;
    }

    private String clientId() {
        return update != null ? update.clientId : control.clientId;
    }
}
