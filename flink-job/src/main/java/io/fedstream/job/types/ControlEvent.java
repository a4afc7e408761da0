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

    /** For REJECTED: the round the refused update was for, or -1 if unknown. */
    public long round = -1;

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

    /** A rejection of {@code clientId}'s update for {@code round}. */
    public static ControlEvent rejected(
            String modelId, String clientId, String reason, long round) {
        ControlEvent e = rejected(modelId, clientId, reason);
        e.round = round;
        return e;
    }
}
