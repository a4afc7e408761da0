package io.fedstream.job.operators;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ReasonCode;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.job.round.BoundedText;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.round.IdRules;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes heartbeats of this job's model; undecodable ones and ones whose client id breaks {@link
 * IdRules} are dead-lettered ({@code BAD_ID}), other models' ignored (the model id must equal this
 * job's, so it meets the rule too).
 */
public class DecodeHeartbeats extends ProcessFunction<RawRecord, ControlEvent> {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final String deadLetterTopic;
    private transient WireCodec<ClientHeartbeat> codec;
    private transient DeadLetters deadLetters;

    public DecodeHeartbeats(String modelId, String deadLetterTopic) {
        this.modelId = modelId;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = Codecs.heartbeat();
        deadLetters = new DeadLetters(deadLetterTopic);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlEvent> out) {
        try {
            ClientHeartbeat hb = codec.decode(raw.value);
            // Several models may share the heartbeat topic; another model's clients are not errors.
            if (!modelId.equals(hb.getModelId())) {
                return;
            }
            String badId = IdRules.violation("client_id", hb.getClientId());
            if (badId != null) {
                reject(
                        raw,
                        new Rejection(
                                ReasonCode.BAD_ID,
                                badId,
                                BoundedText.cap(hb.getClientId(), IdRules.MAX_ID_CODE_POINTS),
                                null),
                        ctx);
                return;
            }
            out.collect(
                    ControlEvent.heartbeat(hb.getModelId(), hb.getClientId(), hb.getNumSamples()));
        } catch (WireFormatException e) {
            ReasonCode reason =
                    e.kind() == WireFormatException.Kind.UNKNOWN_SCHEMA
                            ? ReasonCode.UNKNOWN_SCHEMA
                            : ReasonCode.UNDECODABLE;
            reject(raw, new Rejection(reason, e.getMessage(), null, null), ctx);
        }
    }

    private void reject(RawRecord raw, Rejection rejection, Context ctx) {
        long now = ctx.timerService().currentProcessingTime();
        ctx.output(Tags.DEAD_LETTERS, deadLetters.of(raw, rejection, now));
    }
}
