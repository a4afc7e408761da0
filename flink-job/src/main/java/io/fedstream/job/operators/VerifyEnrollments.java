package io.fedstream.job.operators;

import io.fedstream.identity.IdentityFiles;
import io.fedstream.job.clientmanager.identity.EnrollmentReader;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.RawRecord;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Thin adapter around {@link EnrollmentReader}: records of the enrollment topic signed by the
 * federation operator go on as {@link Enrollment} events, the rest to the dead-letter topic. The
 * operator's public identity file is read in {@link #open}.
 */
public class VerifyEnrollments extends ProcessFunction<RawRecord, Enrollment> {
    private static final long serialVersionUID = 1L;

    private final String operatorIdentityFile;
    private final String deadLetterTopic;
    private transient EnrollmentReader reader;
    private transient DeadLetters deadLetters;
    private transient Counter refused;

    public VerifyEnrollments(String operatorIdentityFile, String deadLetterTopic) {
        this.operatorIdentityFile = operatorIdentityFile;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public void open(OpenContext openContext) {
        reader =
                new EnrollmentReader(
                        IdentityFiles.readPublic(Path.of(operatorIdentityFile)).verifier());
        deadLetters = new DeadLetters(deadLetterTopic);
        refused = getRuntimeContext().getMetricGroup().counter("enrollmentsRefused");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<Enrollment> out) {
        if (raw.value == null) {
            return; // a compaction tombstone: nothing to enroll or revoke
        }
        EnrollmentReader.Outcome outcome = reader.read(raw.value, raw.signature);
        if (outcome.accepted() != null) {
            out.collect(outcome.accepted());
        } else {
            refused.inc();
            long now = ctx.timerService().currentProcessingTime();
            ctx.output(Tags.DEAD_LETTERS, deadLetters.of(raw, outcome.rejection(), now));
        }
    }
}
