package io.fedstream.job.operators;

import io.fedstream.contract.LogTicks;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.round.HeartbeatValidator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.RawRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes heartbeats of this job's model with {@link HeartbeatValidator}; undecodable ones and ones
 * whose client id breaks {@link io.fedstream.job.round.IdRules} are dead-lettered ({@code BAD_ID}),
 * other models' ignored.
 */
public class DecodeHeartbeats extends ProcessFunction<RawRecord, ControlEvent> {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final String deadLetterTopic;
    private final boolean keepRaw;
    private transient HeartbeatValidator validator;
    private transient DeadLetters deadLetters;

    public DecodeHeartbeats(String modelId, String deadLetterTopic) {
        this(modelId, deadLetterTopic, false);
    }

    /**
     * @param keepRaw whether each heartbeat event keeps its record (for authentication, which
     *     verifies the record's signature over its exact bytes)
     */
    public DecodeHeartbeats(String modelId, String deadLetterTopic, boolean keepRaw) {
        this.modelId = modelId;
        this.deadLetterTopic = deadLetterTopic;
        this.keepRaw = keepRaw;
    }

    @Override
    public void open(OpenContext openContext) {
        validator = new HeartbeatValidator(modelId);
        deadLetters = new DeadLetters(deadLetterTopic);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ControlEvent> out) {
        if (LogTicks.isTick(raw.key, raw.value)) {
            return; // its timestamp has moved event time at the source; nothing else to do
        }
        HeartbeatValidator.Outcome outcome = validator.validate(raw.value);
        if (outcome.accepted() != null) {
            outcome.accepted().at(raw);
            if (keepRaw) {
                outcome.accepted().raw = raw;
            }
            out.collect(outcome.accepted());
        } else if (outcome.rejection() != null) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(Tags.DEAD_LETTERS, deadLetters.of(raw, outcome.rejection(), now));
        }
    }
}
