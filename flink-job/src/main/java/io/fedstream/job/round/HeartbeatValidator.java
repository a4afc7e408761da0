package io.fedstream.job.round;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.Rejection;

/**
 * Stateless checks of one heartbeat record, for {@code DecodeHeartbeats}: it decodes, and its
 * client id meets {@link IdRules}. Another model's heartbeat is neither (several models may share
 * the topic; their clients are not errors), and its client id is not looked at: the model id must
 * equal this job's, so it meets the rule too.
 */
public final class HeartbeatValidator {
    private final String modelId;
    private final WireCodec<ClientHeartbeat> codec = Codecs.heartbeat();

    public HeartbeatValidator(String modelId) {
        this.modelId = modelId;
    }

    /**
     * A heartbeat event, a rejection, or neither (another model's heartbeat); never both.
     *
     * @param accepted the heartbeat of one of this job's clients
     * @param rejection why the record goes to the dead-letter topic
     */
    public record Outcome(ControlEvent accepted, Rejection rejection) {
        public boolean ignored() {
            return accepted == null && rejection == null;
        }
    }

    public Outcome validate(byte[] value) {
        ClientHeartbeat hb;
        try {
            hb = codec.decode(value);
        } catch (WireFormatException e) {
            return new Outcome(
                    null, new Rejection(UpdateValidator.reasonFor(e), e.getMessage(), null, null));
        }
        if (!modelId.equals(hb.getModelId())) {
            return new Outcome(null, null);
        }
        String badId = IdRules.violation("client_id", hb.getClientId());
        if (badId != null) {
            return new Outcome(
                    null,
                    new Rejection(
                            ReasonCode.BAD_ID,
                            badId,
                            BoundedText.cap(hb.getClientId(), IdRules.MAX_ID_CODE_POINTS),
                            null));
        }
        ControlEvent beat =
                ControlEvent.heartbeat(hb.getModelId(), hb.getClientId(), hb.getNumSamples());
        beat.runId = hb.getRunId();
        beat.sequence = hb.getSequence();
        return new Outcome(beat, null);
    }
}
