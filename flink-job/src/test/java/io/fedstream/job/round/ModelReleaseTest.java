package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.TestUpdates;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.Optimizer;
import io.fedstream.job.config.OptimizerOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.optimizer.ServerOptimizerState;
import io.fedstream.job.safety.RecentValues;
import io.fedstream.job.types.RoundSummary;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelReleaseTest {
    private static final JobConfig CONFIG =
            JobConfig.fromMap(
                    Map.of(
                            "client-auth",
                            "off",
                            RoundOptions.MODEL_ID.key(),
                            TestUpdates.MODEL,
                            RoundOptions.MODEL_SPEC.key(),
                            TestUpdates.SPEC.toString()));

    static RoundSummary summary(long round) {
        RoundSummary s = new RoundSummary();
        s.modelId = TestUpdates.MODEL;
        s.round = round;
        s.rejected = new long[0];
        s.finalRound = false;
        s.nextSelected = new String[] {"a"};
        return s;
    }

    @Test
    void theDefaultOptimizerAddsTheDeltaExactlyAsPlainFedAvgDid() throws Exception {
        ModelRelease release = new ModelRelease(CONFIG);
        assertThat(release.optimizer().stateful()).isFalse();
        Random random = new Random(3);
        float[] params = release.initialParameters();
        RecentValues steps = release.check().fit(null);
        for (long round = 1; round <= 5; round++) {
            float[] delta = new float[params.length];
            for (int i = 0; i < delta.length; i++) {
                delta[i] = (float) (random.nextGaussian() * 1e-2);
            }
            float[] expected = params.clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += delta[i]; // the update before server optimizers existed
            }
            ModelRelease.Released r =
                    release.release(params, delta, null, steps, summary(round), 0);
            assertThat(r.refusal()).isNull();
            params = r.parameters();
            GlobalModel model = Codecs.globalModel().decode(r.records().get(0).value);
            float[] published = TensorCodec.values(model.getParameters());
            for (int i = 0; i < expected.length; i++) {
                assertThat(Float.floatToRawIntBits(params[i]))
                        .as("round %d coordinate %d", round, i)
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
                assertThat(Float.floatToRawIntBits(published[i]))
                        .isEqualTo(Float.floatToRawIntBits(expected[i]));
            }
        }
    }

    @Test
    void theBootstrapRoundAddsItsDeltaWithoutAnOptimizerStep() {
        ModelRelease release =
                new ModelRelease(CONFIG.with(OptimizerOptions.SERVER_OPTIMIZER, Optimizer.FEDADAM));
        ServerOptimizerState state = release.optimizer().initialState(8);
        float[] params = release.initialParameters();
        float[] initial = params.clone();
        RecentValues steps = release.check().fit(null);
        ModelRelease.Released r0 =
                release.release(params, new float[8], state, steps, summary(0), 0);
        assertThat(r0.parameters()).containsExactly(initial);
        assertThat(r0.state()).isSameAs(state);
        assertThat(state.steps).isZero();
        assertThat(state.v).containsOnly(1e-6);

        ModelRelease.Released r1 =
                release.release(r0.parameters(), filled(8, 0.5f), state, steps, summary(1), 0);
        params = r1.parameters();
        assertThat(r1.state().steps).isOne();
        // the state passed in is left as it was: a refused release must not advance it
        assertThat(state.steps).isZero();
        assertThat(r0.parameters()).containsExactly(initial);
        // FedAdam's first step on d = 0.5 (see ServerOptimizerStepsTest): 9.802019012e-3
        for (int i = 0; i < params.length; i++) {
            assertThat(params[i] - initial[i]).isCloseTo(9.802019012e-3f, within(1e-6f));
        }
    }

    @Test
    void eachRoundTaskCarriesTheDecayedClientLearningRate() throws Exception {
        ModelRelease release =
                new ModelRelease(
                        CONFIG.with(RoundOptions.LEARNING_RATE, 0.2)
                                .with(RoundOptions.LEARNING_RATE_DECAY, 0.5));
        float[] params = release.initialParameters();
        RecentValues steps = release.check().fit(null);
        // the release of version 2 announces round 3: 0.2 x 0.5^2
        ModelRelease.Released r =
                release.release(params, new float[params.length], null, steps, summary(2), 0);
        RoundTask task =
                Codecs.roundTask()
                        .decode(
                                r.records().stream()
                                        .filter(o -> o.topic.equals(Topics.ROUND_TASKS))
                                        .findFirst()
                                        .orElseThrow()
                                        .value);
        assertThat(task.getRound()).isEqualTo(3);
        assertThat(task.getHyperparameters().getLearningRate()).isEqualTo(0.05);
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
