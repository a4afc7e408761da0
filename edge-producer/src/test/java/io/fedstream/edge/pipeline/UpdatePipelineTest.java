package io.fedstream.edge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.TestData;
import io.fedstream.edge.compress.CompressionMode;
import io.fedstream.edge.compress.Compressor;
import io.fedstream.edge.privacy.LocalDp;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.model.ModelSpec;
import io.fedstream.privacy.L2Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The whole update path with real training and a fake publisher: no Kafka. */
class UpdatePipelineTest {
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:12-6-3");
    private static final long SEED = 5;
    private static final Dataset DATA = TestData.separable(40, 12, 3, 1);
    private static final float[] V0 = SPEC.initialParameters(17);
    private static final RoundWork ROUND_3 =
            new RoundWork(3, 2, SPEC, V0, 2, 0.2, 8, 0, List.of("client-0001"));

    private final FakePublisher publisher = new FakePublisher();

    private UpdatePipeline pipeline(Dataset data, UpdateStage... before) {
        List<UpdateStage> stages = new ArrayList<>(List.of(before));
        stages.add(new CompressStage(new Compressor(CompressionMode.NONE, 0.1, 20, null), SEED));
        return new UpdatePipeline(
                "client-0001",
                new TrainStage(data, SEED),
                stages,
                new EncodeStage("client-0001", "m"),
                new PublishStage("client-0001", publisher));
    }

    private static UpdateStage stage(
            String name, Function<LocalUpdate, CompletableFuture<Optional<LocalUpdate>>> body) {
        return new UpdateStage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update) {
                return body.apply(update);
            }
        };
    }

    /** The delta of round 3, trained directly from (client seed, round). */
    private static float[] trainedDirectly() {
        return new Nd4jTrainer(SPEC).train(V0, DATA, 2, 0.2, 8, Seeds.derive(SEED, 3)).delta();
    }

    @Test
    void publishesTheDeltaTrainedFromTheClientSeedAndTheRound() throws Exception {
        Optional<ModelUpdate> sent = pipeline(DATA).run(ROUND_3).get();

        assertThat(publisher.published()).hasSize(1);
        ModelUpdate u = publisher.published().get(0);
        assertThat(sent).contains(u);
        assertThat(u.getRound()).isEqualTo(3);
        assertThat(u.getBaseVersion()).isEqualTo(2);
        assertThat(u.getNumSamples()).isEqualTo(DATA.size());
        assertThat(TensorCodec.values(u.getDelta())).containsExactly(trainedDirectly());
    }

    @Test
    void aStageInsertedAfterTrainingRunsBeforeLocalDp() throws Exception {
        double clip = 0.5;
        double z = 2.0;
        LocalDp dp =
                new LocalDp(
                        new LocalDpSettings(clip, z, 1e-5, null, true), new SplittableRandom(4));
        UpdateStage negate =
                stage(
                        "negate",
                        u -> {
                            float[] d = u.delta().clone();
                            for (int i = 0; i < d.length; i++) {
                                d[i] = -d[i];
                            }
                            return UpdateStage.pass(u.withDelta(d).withNote("negated"));
                        });
        UpdatePipeline p = pipeline(DATA, negate, new LocalDpStage("client-0001", dp));

        p.run(ROUND_3).get();

        // Local DP of the negated delta: clip(-d) + noise (noise after negation, not negated).
        float[] expected = trainedDirectly();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = -expected[i];
        }
        L2Clip.clipInPlace(expected, clip);
        SplittableRandom noise = new SplittableRandom(4);
        float[] sent = TensorCodec.values(publisher.published().get(0).getDelta());
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) sent[i])
                    .isCloseTo(expected[i] + z * clip * noise.nextGaussian(), within(1e-6));
        }
        assertThat(p.stageNames())
                .containsExactly("train", "negate", "local-dp", "compress", "encode", "publish");
    }

    @Test
    void aStageThatWaitsHoldsTheUpdateBackWithoutBlockingTheCaller() throws Exception {
        CompletableFuture<Optional<LocalUpdate>> later = new CompletableFuture<>();
        List<LocalUpdate> seen = new ArrayList<>();
        UpdateStage waiting =
                stage(
                        "wait",
                        u -> {
                            seen.add(u);
                            return later;
                        });

        CompletableFuture<Optional<ModelUpdate>> run = pipeline(DATA, waiting).run(ROUND_3);

        assertThat(run).isNotDone();
        assertThat(publisher.published()).isEmpty();
        later.complete(Optional.of(seen.get(0).withNumSamples(7)));
        assertThat(run).isDone();
        assertThat(publisher.published())
                .singleElement()
                .satisfies(u -> assertThat(u.getNumSamples()).isEqualTo(7));
    }

    @Test
    void aDroppedUpdateReachesNoLaterStageAndIsNotSent() throws Exception {
        List<LocalUpdate> after = new ArrayList<>();
        UpdatePipeline p =
                pipeline(
                        DATA,
                        stage("drop", u -> UpdateStage.drop()),
                        stage(
                                "record",
                                u -> {
                                    after.add(u);
                                    return UpdateStage.pass(u);
                                }));

        assertThat(p.run(ROUND_3).get()).isEmpty();
        assertThat(after).isEmpty();
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aFailingStageFailsTheRoundWithItsNameAndNothingIsSent() {
        UpdatePipeline p =
                pipeline(
                        DATA,
                        stage(
                                "boom",
                                u -> {
                                    throw new IllegalStateException("no board");
                                }));

        CompletableFuture<Optional<ModelUpdate>> run = p.run(ROUND_3);

        assertThat(run)
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(UpdatePipeline.StageFailure.class)
                .withMessage(
                        "round 3 failed in stage boom: java.lang.IllegalStateException: no board");
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void aTrainingFailureFailsTheRoundInStageTrain() {
        // Data the trainer rejects: dim 5 vs the spec's 12.
        Dataset untrainable = TestData.separable(10, 5, 3, 1);

        assertThat(pipeline(untrainable).run(ROUND_3))
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        UpdatePipeline.StageFailure.class,
                        f -> assertThat(f.stage()).isEqualTo("train"));
    }

    @Test
    void aRefusingStageStopsTheRoundBeforeTraining() throws Exception {
        UpdateStage refusing =
                new UpdateStage() {
                    @Override
                    public String name() {
                        return "refuse";
                    }

                    @Override
                    public Optional<String> refusal(RoundWork work) {
                        return Optional.of("budget spent");
                    }

                    @Override
                    public CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update) {
                        return UpdateStage.pass(update);
                    }
                };
        // Data the trainer rejects (see above): had training run, the round would have failed
        // instead of completing empty.
        Dataset untrainable = TestData.separable(10, 5, 3, 1);

        assertThat(pipeline(untrainable, refusing).run(ROUND_3).get()).isEmpty();
        assertThat(publisher.published()).isEmpty();
    }

    @Test
    void nothingIsSentOnceThePublisherIsClosed() throws Exception {
        publisher.close();

        assertThat(pipeline(DATA).run(ROUND_3).get()).isEmpty();
        assertThat(publisher.published()).isEmpty();
    }
}
