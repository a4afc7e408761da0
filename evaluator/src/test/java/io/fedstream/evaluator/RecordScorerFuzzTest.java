package io.fedstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.RecordGens;
import io.fedstream.contract.fuzz.TensorGens;
import io.fedstream.contract.fuzz.TensorMutations;
import io.fedstream.contract.fuzz.WireCase;
import io.fedstream.model.ModelSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator reading the global-model topic ({@link RecordScorer}, what {@link Evaluator} does
 * with each record) on generated and mutated models over {@link TinyData}'s test set: it never
 * throws; a scored model is this evaluator's, with an accuracy in [0, 1] over the whole test set;
 * an intact dense model of the spec is scored at its version.
 */
class RecordScorerFuzzTest {
    private static final String MODEL = "fuzz-model";
    private static final ModelSpec SPEC = ModelSpec.parse(TinyData.SPEC);
    private static final TestSetEvaluator SCORER = new TestSetEvaluator(TinyData.testSet(), 1);

    private record Sample(GlobalModel model, TensorMutations.Case parameters) {
        @Override
        public String toString() {
            return "parameters " + parameters + " in " + model;
        }
    }

    @AfterAll
    static void close() {
        SCORER.close();
    }

    @Test
    void everyGlobalModelRecordIsScoredPassedOrSkipped() {
        WireCodec<GlobalModel> codec = Codecs.globalModel();
        Fuzz.check(
                "evaluator RecordScorer",
                WireCase.of(
                        codec.schema(),
                        RecordScorerFuzzTest::sample,
                        s -> codec.encode(s.model()),
                        2),
                c -> {
                    RecordScorer.Outcome out =
                            Checks.call(
                                            c.input().length,
                                            () ->
                                                    new RecordScorer(
                                                                    new VersionGate(MODEL, true),
                                                                    SCORER)
                                                            .handle(c.input()))
                                    .value();
                    assertThat(out).isNotNull();
                    if (out instanceof RecordScorer.Scored scored) {
                        assertThat(scored.result().modelId()).isEqualTo(MODEL);
                        assertThat(scored.result().accuracy()).isBetween(0.0, 1.0);
                        assertThat(scored.result().examples()).isEqualTo(3);
                    }
                    if (out instanceof RecordScorer.Skipped skipped) {
                        assertThat(skipped.why()).isNotBlank();
                    }
                    GlobalModel m = c.sample().model();
                    if (c.mutated() == null
                            && !c.sample().parameters().mutated()
                            && m.getModelId().equals(MODEL)
                            && m.getModelSpec().equals(TinyData.SPEC)
                            && m.getVersion() >= 0
                            && m.getParameters().getEncoding() == TensorEncoding.DENSE_F32_LE
                            && SPEC.matchesShapes(m.getParameters().getShapes())) {
                        assertThat(out).isInstanceOf(RecordScorer.Scored.class);
                        assertThat(((RecordScorer.Scored) out).result().round())
                                .isEqualTo(m.getVersion());
                    }
                });
    }

    private static Sample sample(Draw d) {
        TensorMutations.Case parameters =
                TensorMutations.maybeMutated(
                        d,
                        TensorGens.tensor(
                                d,
                                d.oneIn(8) ? TensorGens.shapes(d) : SPEC.shapes(),
                                d.oneIn(8)
                                        ? d.pick(TensorEncoding.values())
                                        : TensorEncoding.DENSE_F32_LE));
        return new Sample(
                RecordGens.globalModel(d, MODEL, TinyData.SPEC, parameters.input()), parameters);
    }
}
