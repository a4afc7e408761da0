package io.fedstream.evaluator;

import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.identity.JobRecordCheck;
import io.fedstream.identity.JobRecordCheck.Accepted;
import io.fedstream.identity.JobRecordCheck.Rejected;
import io.fedstream.identity.JobRecordCheck.Rejection;

/**
 * What the evaluator does with one record of the global-model topic, without Kafka: decode it, let
 * the {@link VersionGate} say whether it is a newer version of the evaluated model, and score it on
 * the test set. A record that does not decode, or whose model cannot be scored (a spec that does
 * not parse or fit the test set, parameters that do not fit the spec), is skipped. With
 * authentication on, a record the {@link JobRecordCheck} does not accept (not signed by the job,
 * not of this run) is refused before it is decoded, and never reaches the gate: a forged model is
 * never scored and a forged training_complete never stops the evaluator.
 */
final class RecordScorer {
    /** What became of one record. */
    sealed interface Outcome permits Refused, Skipped, Passed, Scored {}

    /** Not the job's record of this run (authentication on). */
    record Refused(Rejection why, String detail) implements Outcome {}

    /** Not decodable or not scorable; {@code why} names the fault. */
    record Skipped(String why) implements Outcome {}

    /** Decoded, but another model's or not newer than the last version evaluated. */
    record Passed(VersionGate.Decision decision) implements Outcome {}

    /** Scored on the test set. */
    record Scored(EvaluationResult result) implements Outcome {}

    private final VersionGate gate;
    private final TestSetEvaluator scorer;
    private final WireCodec<GlobalModel> codec = Codecs.globalModel();
    private final JobRecordCheck check; // null: authentication off

    RecordScorer(VersionGate gate, TestSetEvaluator scorer) {
        this(gate, scorer, null);
    }

    /**
     * @param check what a record must pass before it is decoded; null with authentication off
     */
    RecordScorer(VersionGate gate, TestSetEvaluator scorer, JobRecordCheck check) {
        this.gate = gate;
        this.scorer = scorer;
        this.check = check;
    }

    /** An unauthenticated record (authentication off). */
    Outcome handle(byte[] value) {
        if (check != null) {
            throw new IllegalStateException("authentication is on: pass the record's headers");
        }
        GlobalModel model;
        try {
            model = codec.decode(value);
        } catch (WireFormatException e) {
            return new Skipped(e.kind() + " " + e.getMessage());
        }
        return offer(model);
    }

    /**
     * A record with its signature headers (null where absent); without a check they are ignored.
     */
    Outcome handle(byte[] value, byte[] signature, byte[] signer) {
        if (check == null) {
            return handle(value);
        }
        JobRecordCheck.Result<GlobalModel> r =
                check.check(codec, GlobalModel::getRunId, value, signature, signer);
        if (r instanceof Rejected<GlobalModel> refused) {
            return new Refused(refused.why(), refused.detail());
        }
        return offer(((Accepted<GlobalModel>) r).record());
    }

    private Outcome offer(GlobalModel model) {
        VersionGate.Decision decision =
                gate.offer(model.getModelId(), model.getVersion(), model.getTrainingComplete());
        if (decision != VersionGate.Decision.EVALUATE) {
            return new Passed(decision);
        }
        try {
            return new Scored(scorer.evaluate(model));
        } catch (IllegalArgumentException e) {
            return new Skipped(
                    "cannot evaluate version "
                            + model.getVersion()
                            + " of model "
                            + model.getModelId()
                            + ": "
                            + e.getMessage());
        }
    }
}
