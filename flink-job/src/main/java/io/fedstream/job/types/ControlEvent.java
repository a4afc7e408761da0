package io.fedstream.job.types;

/**
 * Non-tensor input of the round coordinator: a client heartbeat, or a notice of a rejected record.
 */
public class ControlEvent {
    /** What the event says. */
    public enum Kind {
        HEARTBEAT,
        REJECTED,
        /** The client's enrollment was revoked: forget it now, do not wait for its silence. */
        DEREGISTER
    }

    public Kind kind;
    public String modelId;
    public String clientId;
    public long numSamples;

    /** ReasonCode name, for REJECTED. */
    public String reason;

    /** For REJECTED: the round the refused update was for, or -1 if unknown. */
    public long round = -1;

    /** For HEARTBEAT: the record's run id, or null if it carries none. */
    public String runId;

    /** For HEARTBEAT: the record's sequence number, or null if it carries none. */
    public Long sequence;

    /**
     * For HEARTBEAT, until the client is authenticated: the record as it arrived (its value and
     * signature are verified); dropped once verified.
     */
    public RawRecord raw;

    /**
     * For HEARTBEAT of an authenticated client: its enrolled raw X25519 public key, which the round
     * task's selection tags are computed with.
     */
    public byte[] agreementKey;

    /**
     * Where the event comes from in the log: the topic, partition and offset of the heartbeat, or
     * of the refused update; null and -1 for an event of no record (a revocation's DEREGISTER).
     * With the record timestamp it orders the coordinator's events deterministically.
     */
    public String sourceTopic;

    public int sourcePartition = -1;
    public long sourceOffset = -1;

    public ControlEvent() {}

    /** This event, placed in the log at {@code record}'s position (null leaves it unplaced). */
    public ControlEvent at(RawRecord record) {
        if (record != null) {
            sourceTopic = record.topic;
            sourcePartition = record.partition;
            sourceOffset = record.offset;
        }
        return this;
    }

    public static ControlEvent deregister(String modelId, String clientId) {
        ControlEvent e = new ControlEvent();
        e.kind = Kind.DEREGISTER;
        e.modelId = modelId;
        e.clientId = clientId;
        return e;
    }

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
