package io.fedstream.job.clientmanager.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.TensorEncoding;
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
import io.fedstream.job.round.IdRules;
import io.fedstream.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guard reading the job's own compacted topics back ({@link ReadBackModels}, {@link
 * ReadBackTasks}): whatever a record holds, the read never throws and gives either a value or the
 * cause it is ignored for; a generated record of this job comes back as it was written.
 */
class ReadBackFuzzTest {
    private static final String MODEL = "fuzz-model";
    private static final String SPEC_STRING = "mlp:6-4-3";
    private static final ModelSpec SPEC = ModelSpec.parse(SPEC_STRING);
    private static final int MAX_SELECTED = 20;

    private record ModelSample(GlobalModel model, TensorMutations.Case parameters) {
        @Override
        public String toString() {
            return "parameters " + parameters + " in " + model;
        }
    }

    @Test
    void everyGlobalModelRecordIsAModelOfThisJobOrIgnoredWithACause() {
        WireCodec<GlobalModel> codec = Codecs.globalModel();
        ReadBackModels reader = new ReadBackModels(MODEL, SPEC);
        Fuzz.check(
                "ReadBackModels.read",
                WireCase.of(
                        codec.schema(), ReadBackFuzzTest::model, s -> codec.encode(s.model()), 2),
                c -> {
                    ReadBackModels.Read read =
                            Checks.call(c.input().length, () -> reader.read(c.input())).value();
                    assertThat(read.ignored() == null).isEqualTo(read.parameters() != null);
                    if (read.ignored() != null) {
                        assertThat(read.why()).isNotBlank();
                    } else {
                        assertThat(read.version()).isNotNegative();
                        assertThat(read.parameters()).hasSize(SPEC.numParameters());
                    }
                    GlobalModel m = c.sample().model();
                    if (c.mutated() == null
                            && !c.sample().parameters().mutated()
                            && m.getModelId().equals(MODEL)
                            && m.getVersion() >= 0
                            && m.getParameters().getEncoding() == TensorEncoding.DENSE_F32_LE
                            && SPEC.matchesShapes(m.getParameters().getShapes())) {
                        assertThat(read.ignored()).as(read.why()).isNull();
                        assertThat(read.version()).isEqualTo(m.getVersion());
                        assertThat(read.parameters())
                                .isEqualTo(c.sample().parameters().valid().values());
                    }
                });
    }

    @Test
    void everyRoundTaskRecordIsATaskOfThisJobOrIgnoredWithACause() {
        WireCodec<RoundTask> codec = Codecs.roundTask();
        ReadBackTasks reader = new ReadBackTasks(MODEL, MAX_SELECTED);
        Fuzz.check(
                "ReadBackTasks.read",
                WireCase.of(
                        codec.schema(),
                        d -> RecordGens.roundTask(d, MODEL, List.of("c1", "c2", "c3")),
                        codec::encode),
                c -> {
                    ReadBackTasks.Read read =
                            Checks.call(c.input().length, () -> reader.read(c.input())).value();
                    assertThat(read.ignored() == null).isEqualTo(read.task() != null);
                    if (read.task() != null) {
                        assertThat(read.task().round).isPositive();
                        assertThat(read.task().modelVersion).isNotNegative();
                        assertThat(read.task().selected).hasSizeLessThanOrEqualTo(MAX_SELECTED);
                        for (String id : read.task().selected) {
                            assertThat(IdRules.violation("selected client", id)).isNull();
                        }
                    } else {
                        assertThat(read.why()).isNotBlank();
                    }
                    RoundTask t = c.sample();
                    if (c.mutated() == null
                            && t.getModelId().equals(MODEL)
                            && t.getRound() >= 1
                            && t.getModelVersion() >= 0
                            && t.getSelectedClients().size() <= 3
                            && t.getSelectedClients().stream()
                                    .allMatch(List.of("c1", "c2", "c3")::contains)) {
                        assertThat(read.ignored()).as(read.why()).isNull();
                        assertThat(read.task().round).isEqualTo(t.getRound());
                        assertThat(read.task().selected)
                                .containsExactlyElementsOf(t.getSelectedClients());
                    }
                });
    }

    private static ModelSample model(Draw d) {
        TensorCase p =
                TensorGens.tensor(
                        d,
                        d.oneIn(8) ? TensorGens.shapes(d) : SPEC.shapes(),
                        d.oneIn(8) ? d.pick(TensorEncoding.values()) : TensorEncoding.DENSE_F32_LE);
        TensorMutations.Case parameters = TensorMutations.maybeMutated(d, p);
        return new ModelSample(
                RecordGens.globalModel(d, MODEL, SPEC_STRING, parameters.input()), parameters);
    }
}
