package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.RecordGens;
import io.fedstream.contract.fuzz.TensorGens;
import io.fedstream.contract.fuzz.TensorGens.TensorCase;
import io.fedstream.contract.fuzz.TensorMutations;
import io.fedstream.contract.fuzz.WireCase;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.ValidatedUpdate;
import io.fedstream.model.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link UpdateValidator#validate} on update records with dense, sparse, Q8 and sparse-Q8 deltas,
 * generated and then mutated (the delta itself, through {@link TensorMutations}, and the record's
 * bytes): it never throws, and returns exactly one of an update and a rejection with a reason code;
 * an accepted update meets every rule the validator documents; a generated update with plausible
 * fields is accepted with the delta it was built from.
 */
class UpdateValidatorFuzzTest {
    private static final String MODEL = "fuzz-model";
    private static final String CLIENT = "client-7";
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:6-4-3"); // 43 parameters

    /** An update whose delta is {@code delta.input()}, a mutation of the valid tensor or itself. */
    private record Sample(ModelUpdate update, TensorMutations.Case delta) {
        @Override
        public String toString() {
            return "delta " + delta + " in " + update;
        }
    }

    @Test
    void everyUpdateIsAcceptedOrRejectedWithAReason() {
        WireCodec<ModelUpdate> codec = Codecs.modelUpdate();
        UpdateValidator validator = new UpdateValidator(MODEL, SPEC, 100_000);
        Fuzz.check(
                "UpdateValidator.validate",
                WireCase.of(
                        codec.schema(),
                        UpdateValidatorFuzzTest::sample,
                        s -> codec.encode(s.update()),
                        2),
                c -> {
                    RawRecord raw = new RawRecord("fedstream.updates", 0, 7, 0, null, c.input());
                    UpdateValidator.Outcome out =
                            Checks.call(c.input().length, () -> validator.validate(raw)).value();
                    assertThat(out.accepted() == null).isNotEqualTo(out.rejection() == null);
                    if (out.rejection() != null) {
                        assertThat(out.rejection().reason()).isNotNull();
                        assertThat(out.rejection().detail()).isNotBlank();
                    } else {
                        assertMeetsTheRules(out.accepted());
                    }
                    TensorMutations.Case delta = c.sample().delta();
                    if (c.mutated() == null && !delta.mutated() && plausible(c.sample().update())) {
                        assertThat(out.accepted()).as("rejection %s", out.rejection()).isNotNull();
                        assertThat(out.accepted().indices).isEqualTo(delta.valid().indices());
                        assertThat(out.accepted().values).isEqualTo(delta.valid().values());
                    }
                });
    }

    private static Sample sample(Draw d) {
        TensorCase valid = TensorGens.tensor(d, d.oneIn(8) ? TensorGens.shapes(d) : SPEC.shapes());
        TensorMutations.Case delta = TensorMutations.maybeMutated(d, valid);
        return new Sample(RecordGens.modelUpdate(d, MODEL, CLIENT, delta.input()), delta);
    }

    /**
     * Fields the validator must take: the usual ids, round and counts in range, the model's shapes.
     */
    private static boolean plausible(ModelUpdate u) {
        return u.getClientId().equals(CLIENT)
                && u.getModelId().equals(MODEL)
                && u.getRound() >= 1
                && u.getNumSamples() > 0
                && u.getNumSamples() <= 100_000
                && Double.isFinite(u.getTrainingLoss())
                && u.getTrainingLoss() >= 0
                && u.getTrainingLoss() <= UpdateValidator.MAX_TRAINING_LOSS
                && u.getTrainingTimeMs() >= 0
                && u.getTrainingTimeMs() <= UpdateValidator.MAX_TRAINING_TIME_MS
                && SPEC.matchesShapes(u.getDelta().getShapes());
    }

    private static void assertMeetsTheRules(ValidatedUpdate v) {
        assertThat(v.modelId).isEqualTo(MODEL);
        assertThat(IdRules.violation("client_id", v.clientId)).isNull();
        assertThat(v.round).isPositive();
        assertThat(v.numSamples).isBetween(1L, 100_000L);
        // -0.0 is a valid loss of 0 (AssertJ's isBetween orders -0.0 below 0.0, so compare).
        assertThat(v.trainingLoss >= 0 && v.trainingLoss <= UpdateValidator.MAX_TRAINING_LOSS)
                .as("training loss %s in [0, 1e6]", v.trainingLoss)
                .isTrue();
        assertThat(v.trainingTimeMs).isBetween(0L, UpdateValidator.MAX_TRAINING_TIME_MS);
        if (v.indices == null) {
            assertThat(v.values).hasSize(SPEC.numParameters());
        } else {
            assertThat(v.values).hasSameSizeAs(v.indices);
            for (int j = 0; j < v.indices.length; j++) {
                assertThat(v.indices[j])
                        .isBetween(j == 0 ? 0 : v.indices[j - 1] + 1, SPEC.numParameters() - 1);
            }
        }
        for (float x : v.values) {
            assertThat(Float.isFinite(x)).as("value %s is finite", x).isTrue();
        }
    }
}
