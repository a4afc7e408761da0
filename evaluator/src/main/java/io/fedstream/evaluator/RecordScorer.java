package io.fedstream.evaluator;

import io.fedstream.avro.GlobalModel;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;

/**
 * What the evaluator does with one record of the global-model topic, without Kafka: decode it, let
 * the {@link VersionGate} say whether it is a newer version of the evaluated model, and score it on
 * the test set. A record that does not decode, or whose model cannot be scored (a spec that does
 * not parse or fit the test set, parameters that do not fit the spec), is skipped.
 */
final class RecordScorer {
    /** What became of one record. */
    sealed interface Outcome permits Skipped, Passed, Scored {}

    /** Not decodable or not scorable; {@code why} names the fault. */
    record Skipped(String why) implements Outcome {}

    /** Decoded, but another model's or not newer than the last version evaluated. */
    record Passed(VersionGate.Decision decision) implements Outcome {}

    /** Scored on the test set. */
    record Scored(EvaluationResult result) implements Outcome {}

    private final VersionGate gate;
    private final TestSetEvaluator scorer;
    private final WireCodec<GlobalModel> codec = Codecs.globalModel();

    RecordScorer(VersionGate gate, TestSetEvaluator scorer) {
        this.gate = gate;
        this.scorer = scorer;
    }

    Outcome handle(byte[] value) {
        GlobalModel model;
        try {
            model = codec.decode(value);
        } catch (WireFormatException e) {
            return new Skipped(e.kind() + " " + e.getMessage());
        }
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
