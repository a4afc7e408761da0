package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.RoundTask;
import io.fedstream.avro.TensorEncoding;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.contract.fuzz.AvroLayout;
import io.fedstream.contract.fuzz.Checks;
import io.fedstream.contract.fuzz.Draw;
import io.fedstream.contract.fuzz.Fuzz;
import io.fedstream.contract.fuzz.Hex;
import io.fedstream.contract.fuzz.Mutators;
import io.fedstream.contract.fuzz.RecordGens;
import io.fedstream.contract.fuzz.TensorGens;
import io.fedstream.contract.fuzz.TensorMutations;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.model.ModelSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The edge client reading its inputs: a global model and a round task, generated for this client
 * and then mutated (the parameters tensor, and each record's bytes), go through {@link
 * InputRecords} in either order, and the {@link RoundFollower} is asked for work. Nothing throws
 * but the documented WireFormatException of an undecodable record; any work handed out is
 * answerable (the spec's parameter count, sane hyperparameters, this client selected); an intact
 * pair for this client gives the round with the model's parameters.
 */
class InputRecordsFuzzTest {
    private static final String TASKS = "fedstream.round-tasks";
    private static final String MODELS = "fedstream.global-model";
    private static final String MODEL = "fuzz-model";
    private static final String CLIENT = "c1";
    private static final String SPEC_STRING = "mlp:6-4-3";
    private static final ModelSpec SPEC = ModelSpec.parse(SPEC_STRING);

    /** The two records as generated, and the bytes fed for each (mutated or not). */
    record Case(
            GlobalModel model,
            TensorMutations.Case parameters,
            RoundTask task,
            byte[] modelBytes,
            byte[] taskBytes,
            boolean intact,
            boolean taskFirst) {
        @Override
        public String toString() {
            return (taskFirst ? "task first" : "model first")
                    + ", parameters "
                    + parameters
                    + ", model "
                    + Hex.literal(modelBytes)
                    + ", task "
                    + Hex.literal(taskBytes);
        }
    }

    @Test
    void anyModelAndTaskGiveAnswerableWorkOrNone() {
        Fuzz.check(
                "edge InputRecords + RoundFollower",
                cases(),
                c -> {
                    int bytes = c.modelBytes().length + c.taskBytes().length;
                    Optional<RoundWork> work =
                            Checks.call(
                                            bytes,
                                            () -> {
                                                RoundFollower follower =
                                                        new RoundFollower(CLIENT, MODEL);
                                                InputRecords records =
                                                        new InputRecords(TASKS, follower);
                                                feed(records, c, c.taskFirst());
                                                feed(records, c, !c.taskFirst());
                                                return follower.nextWork();
                                            })
                                    .value();
                    work.ifPresent(w -> assertAnswerable(w));
                    if (c.intact() && plausible(c)) {
                        assertThat(work).isPresent();
                        assertThat(work.get().round()).isEqualTo(c.task().getRound());
                        assertThat(work.get().parameters())
                                .isEqualTo(c.parameters().valid().values());
                    }
                });
    }

    private static void feed(InputRecords records, Case c, boolean task) {
        try {
            records.accept(task ? TASKS : MODELS, task ? c.taskBytes() : c.modelBytes());
        } catch (WireFormatException e) {
            assertThat(e.getMessage()).isNotBlank(); // skipped, as EdgeClient logs and skips it
        }
    }

    private static void assertAnswerable(RoundWork w) {
        assertThat(w.parameters()).hasSize(w.spec().numParameters());
        assertThat(w.localEpochs()).isPositive();
        assertThat(w.batchSize()).isPositive();
        assertThat(w.learningRate()).isPositive().isFinite();
        assertThat(w.proximalMu() >= 0).as("mu %s >= 0", w.proximalMu()).isTrue(); // -0.0 too
        assertThat(w.proximalMu()).isFinite();
        assertThat(w.selectedClients()).contains(CLIENT);
    }

    /** What the follower must answer: our ids, a dense model of the spec, matching versions. */
    private static boolean plausible(Case c) {
        GlobalModel m = c.model();
        RoundTask t = c.task();
        Hyperparameters hp = t.getHyperparameters();
        return m.getModelId().equals(MODEL)
                && t.getModelId().equals(MODEL)
                && m.getModelSpec().equals(SPEC_STRING)
                && !m.getTrainingComplete()
                && !c.parameters().mutated()
                && m.getParameters().getEncoding() == TensorEncoding.DENSE_F32_LE
                && SPEC.matchesShapes(m.getParameters().getShapes())
                && t.getSelectedClients().contains(CLIENT)
                && t.getModelVersion() == m.getVersion()
                && t.getRound() > Long.MIN_VALUE
                && hp.getLocalEpochs() >= 1
                && hp.getBatchSize() >= 1
                && hp.getLearningRate() > 0
                && Double.isFinite(hp.getLearningRate())
                && hp.getProximalMu() >= 0
                && Double.isFinite(hp.getProximalMu());
    }

    private static Gen<Case> cases() {
        WireCodec<GlobalModel> models = Codecs.globalModel();
        WireCodec<RoundTask> tasks = Codecs.roundTask();
        return in -> {
            Draw d = new Draw(in);
            TensorMutations.Case parameters =
                    TensorMutations.maybeMutated(
                            d,
                            TensorGens.tensor(
                                    d,
                                    d.oneIn(8) ? TensorGens.shapes(d) : SPEC.shapes(),
                                    d.oneIn(8)
                                            ? d.pick(TensorEncoding.values())
                                            : TensorEncoding.DENSE_F32_LE));
            GlobalModel model = RecordGens.globalModel(d, MODEL, SPEC_STRING, parameters.input());
            RoundTask task = RecordGens.roundTask(d, MODEL, List.of(CLIENT, "c2"));
            if (!d.oneIn(4)) {
                task.setModelVersion(model.getVersion());
            }
            byte[] modelBytes = models.encode(model);
            byte[] taskBytes = tasks.encode(task);
            boolean intact = d.oneIn(2);
            if (!intact) {
                if (!d.oneIn(3)) {
                    modelBytes = mutate(d, models, modelBytes);
                }
                if (!d.oneIn(3)) {
                    taskBytes = mutate(d, tasks, taskBytes);
                }
            }
            return new Case(model, parameters, task, modelBytes, taskBytes, intact, d.oneIn(2));
        };
    }

    private static byte[] mutate(Draw d, WireCodec<?> codec, byte[] valid) {
        return Mutators.mutate(d, valid, AvroLayout.of(codec.schema(), valid)).bytes();
    }
}
