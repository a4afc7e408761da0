package io.fedstream.job.types;

/**
 * Non-tensor input of the round coordinator: a client heartbeat, or a notice of a rejected record.
 */
public class ControlEvent {
    /** What the event says. */
    public enum Kind {
        HEARTBEAT,
        REJECTED
    }

    public Kind kind;
    public String modelId;
    public String clientId;
    public long numSamples;

    /** ReasonCode name, for REJECTED. */
    public String reason;

    public ControlEvent() {}

    public static ControlEvent heartbeat(String modelId, String clientId, long numSamples) {
        ControlEvent e = new ControlEvent();
        e.kind = Kind.HEARTBEAT;
        e.modelId = modelId;
        e.clientId = clientId;
        e.numSamples = numSamples;
        return e;
    }

    public static ControlEvent rejected(String modelId, String clientId, String reason) {
        ControlEvent e = new ControlEvent();
        e.kind = Kind.REJECTED;
        e.modelId = modelId;
        e.clientId = clientId;
        e.reason = reason;
        return e;
    }
}
