package io.fedstream.edge.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.TensorCodec;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.model.ModelSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundFollowerTest {
    private static final ModelSpec SPEC = ModelSpec.parse("logreg:4-3");
    private static final String ME = "client-0001";

    private final RoundFollower follower = new RoundFollower(ME, "m");

    @Test
    void answersTheLatestTaskThatSelectsThisClientOnceItsModelIsAtHand() {
        follower.onRoundTask(task("m", 1, 0, ME, "client-0002"));
        assertThat(follower.nextWork()).isEmpty();

        follower.onGlobalModel(model("m", 0, false, 0.5f));
        RoundWork work = follower.nextWork().orElseThrow();

        assertThat(work.round()).isEqualTo(1);
        assertThat(work.baseVersion()).isEqualTo(0);
        assertThat(work.spec()).isEqualTo(SPEC);
        assertThat(work.parameters()).hasSize(15).containsOnly(0.5f);
        assertThat(work.localEpochs()).isEqualTo(2);
        assertThat(work.learningRate()).isEqualTo(0.1);
        assertThat(work.batchSize()).isEqualTo(8);
        assertThat(follower.lastRoundTaken()).hasValue(1);
    }

    @Test
    void answersEachRoundOnlyOnce() {
        follower.onGlobalModel(model("m", 0, false, 0f));
        follower.onRoundTask(task("m", 1, 0, ME));
        assertThat(follower.nextWork()).isPresent();

        follower.onRoundTask(task("m", 1, 0, ME)); // redelivered
        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void ignoresTasksThatDoNotSelectThisClient() {
        follower.onGlobalModel(model("m", 0, false, 0f));
        follower.onRoundTask(task("m", 1, 0, "client-0002", "client-00011"));

        assertThat(follower.nextWork()).isEmpty();
        assertThat(follower.lastRoundTaken()).isEmpty();
    }

    @Test
    void onlyTheLatestRoundCountsEvenWhenOlderTasksArriveLater() {
        follower.onGlobalModel(model("m", 0, false, 0f));
        follower.onGlobalModel(model("m", 1, false, 1f));
        follower.onRoundTask(task("m", 2, 1, "client-0002"));
        follower.onRoundTask(task("m", 1, 0, ME)); // stale, selects me, must not be answered

        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void trainsFromTheVersionTheTaskNamesNotTheNewestModel() {
        follower.onGlobalModel(model("m", 3, false, 3f));
        follower.onGlobalModel(model("m", 4, false, 4f));
        follower.onRoundTask(task("m", 4, 3, ME));

        RoundWork work = follower.nextWork().orElseThrow();

        assertThat(work.baseVersion()).isEqualTo(3);
        assertThat(work.parameters()).containsOnly(3f);
    }

    @Test
    void keepsOnlyTheLastFewModelVersions() {
        RoundFollower small = new RoundFollower(ME, "m", 2);
        for (long v = 0; v < 5; v++) {
            small.onGlobalModel(model("m", v, false, v));
        }
        small.onGlobalModel(model("m", 1, false, 1f)); // late and below the window

        assertThat(small.keptModels()).containsOnlyKeys(3L, 4L);
        small.onRoundTask(task("m", 2, 1, ME));
        assertThat(small.nextWork()).isEmpty();
    }

    @Test
    void ignoresOtherModelIds() {
        follower.onGlobalModel(model("other", 0, true, 0f));
        follower.onRoundTask(task("other", 1, 0, ME));

        assertThat(follower.trainingComplete()).isFalse();
        assertThat(follower.latestModelVersion()).isEmpty();
        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void stopsGivingWorkOnceTheLatestModelIsComplete() {
        follower.onGlobalModel(model("m", 5, false, 0f));
        follower.onGlobalModel(model("m", 6, true, 0f));
        follower.onRoundTask(task("m", 7, 5, ME));

        assertThat(follower.trainingComplete()).isTrue();
        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void anOlderCompleteFlagDoesNotCountOnceANewerModelArrives() {
        follower.onGlobalModel(model("m", 2, true, 0f));
        follower.onGlobalModel(model("m", 3, false, 0f));

        assertThat(follower.trainingComplete()).isFalse();
    }

    @Test
    void takesAndSkipsATaskWhoseModelDoesNotFitItsSpec() {
        GlobalModel broken = model("m", 0, false, 0f);
        broken.setModelSpec("mlp:4-2-3"); // 19 parameters, the tensor holds 15
        follower.onGlobalModel(broken);
        follower.onRoundTask(task("m", 1, 0, ME));

        assertThat(follower.nextWork()).isEmpty();
        assertThat(follower.lastRoundTaken()).hasValue(1);
    }

    @Test
    void takesAndSkipsATaskWithImpossibleHyperparameters() {
        follower.onGlobalModel(model("m", 0, false, 0f));
        RoundTask bad = task("m", 1, 0, ME);
        bad.getHyperparameters().setBatchSize(0);
        follower.onRoundTask(bad);

        assertThat(follower.nextWork()).isEmpty();
        assertThat(follower.lastRoundTaken()).hasValue(1);
    }

    @Test
    void passesFedProxMuOnAndSkipsANegativeOne() {
        follower.onGlobalModel(model("m", 0, false, 0f));
        RoundTask prox = task("m", 1, 0, ME);
        prox.getHyperparameters().setProximalMu(0.01);
        follower.onRoundTask(prox);
        assertThat(follower.nextWork())
                .hasValueSatisfying(w -> assertThat(w.proximalMu()).isEqualTo(0.01));

        RoundTask bad = task("m", 2, 0, ME);
        bad.getHyperparameters().setProximalMu(-1.0);
        follower.onRoundTask(bad);
        assertThat(follower.nextWork()).isEmpty();
        assertThat(follower.lastRoundTaken()).hasValue(2);
    }

    static GlobalModel model(String modelId, long version, boolean complete, float fill) {
        float[] params = new float[SPEC.numParameters()];
        java.util.Arrays.fill(params, fill);
        return GlobalModel.newBuilder()
                .setModelId(modelId)
                .setVersion(version)
                .setModelSpec(SPEC.toString())
                .setParameters(TensorCodec.dense(params, SPEC.shapes()))
                .setCreatedAt(Instant.ofEpochMilli(1000))
                .setTrainingComplete(complete)
                .build();
    }

    static RoundTask task(String modelId, long round, long version, String... selected) {
        return RoundTask.newBuilder()
                .setModelId(modelId)
                .setRound(round)
                .setModelVersion(version)
                .setSelectedClients(List.of(selected))
                .setDeadline(Instant.ofEpochMilli(60_000))
                .setHyperparameters(new Hyperparameters(2, 0.1, 8, 0.0))
                .setCreatedAt(Instant.ofEpochMilli(1000))
                .build();
    }
}
