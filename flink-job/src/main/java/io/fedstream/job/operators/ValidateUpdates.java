package io.fedstream.job.operators;

import io.fedstream.contract.LogTicks;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.round.UpdateValidator;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.model.ModelSpec;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Thin adapter around {@link UpdateValidator}: good updates go on, bad ones to the dead-letter side
 * output.
 */
public class ValidateUpdates extends ProcessFunction<RawRecord, ValidatedUpdate> {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final String modelSpec;
    private final String deadLetterTopic;
    private final long maxNumSamples;
    private transient UpdateValidator validator;
    private transient DeadLetters deadLetters;
    private transient Counter rejected;

    /**
     * @param maxNumSamples the most training samples an update may claim, or 0 for no limit
     */
    public ValidateUpdates(
            String modelId, String modelSpec, String deadLetterTopic, long maxNumSamples) {
        this.modelId = modelId;
        this.modelSpec = modelSpec;
        this.deadLetterTopic = deadLetterTopic;
        this.maxNumSamples = maxNumSamples;
    }

    @Override
    public void open(OpenContext openContext) {
        validator = new UpdateValidator(modelId, ModelSpec.parse(modelSpec), maxNumSamples);
        deadLetters = new DeadLetters(deadLetterTopic);
        rejected = getRuntimeContext().getMetricGroup().counter("updatesRejectedOnDecode");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ValidatedUpdate> out) {
        if (LogTicks.isTick(raw.key, raw.value)) {
            return; // its timestamp has moved event time at the source; nothing else to do
        }
        UpdateValidator.Outcome outcome = validator.validate(raw);
        if (outcome.accepted() != null) {
            ValidatedUpdate u = outcome.accepted();
            u.raw = raw.withKeyCut(DeadLetters.KEY_PREFIX_BYTES); // the rest is in no dead letter
            out.collect(u);
            return;
        }
        rejected.inc();
        long now = ctx.timerService().currentProcessingTime();
        ctx.output(Tags.DEAD_LETTERS, deadLetters.of(raw, outcome.rejection(), now));
        ctx.output(
                Tags.REJECTIONS,
                ControlEvent.rejected(
                                modelId,
                                outcome.rejection().clientId(),
                                outcome.rejection().reason().name())
                        .at(raw));
    }
}
