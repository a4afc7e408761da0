package io.fedstream.job.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.TestUpdates;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.Optimizer;
import io.fedstream.job.config.OptimizerOptions;
import io.fedstream.job.optimizer.ServerOptimizerState;
import io.fedstream.job.safety.RecentValues;
import io.fedstream.job.types.OutboundRecord;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A candidate model that fails the release check is never published; the previous one stays. */
class ReleaseRefusalTest {
    private static final JobConfig CONFIG =
            JobConfig.fromMap(
                    Map.of(
                            "client-auth",
                            "off",
                            "model-id",
                            TestUpdates.MODEL,
                            "model-spec",
                            TestUpdates.SPEC.toString()));

    private static float[] filled(float v) {
        float[] a = new float[8];
        Arrays.fill(a, v);
        return a;
    }

    private static OutboundRecord on(ModelRelease.Released r, String topic) {
        return r.records().stream().filter(o -> o.topic.equals(topic)).findFirst().orElseThrow();
    }

    @Test
    void aCandidateWithANonFiniteParameterIsRefusedAndTheVersionKeepsThePreviousParameters()
            throws Exception {
        ModelRelease release = new ModelRelease(CONFIG);
        RecentValues steps = release.check().fit(null);
        float[] params = release.initialParameters();
        float[] delta = new float[8];
        delta[3] = Float.NaN;

        ModelRelease.Released r =
                release.release(params, delta, null, steps, ModelReleaseTest.summary(4), 7);

        assertThat(r.parameters()).isSameAs(params);
        assertThat(r.refusal())
                .isEqualTo(
                        "version 4 of model test-model not published: 1 of 8 parameters are not"
                                + " finite (first: index 3 = NaN); it keeps the parameters of"
                                + " version 3");
        assertThat(r.records())
                .extracting(o -> o.topic)
                .containsExactly(
                        Topics.GLOBAL_MODEL,
                        Topics.ROUND_TASKS,
                        Topics.METRICS,
                        Topics.DEAD_LETTER);
        GlobalModel published = Codecs.globalModel().decode(on(r, Topics.GLOBAL_MODEL).value);
        assertThat(published.getVersion()).isEqualTo(4);
        assertThat(TensorCodec.values(published.getParameters()))
                .containsExactly(release.initialParameters());
        RoundTask next = Codecs.roundTask().decode(on(r, Topics.ROUND_TASKS).value);
        assertThat(next.getRound()).isEqualTo(5);
        assertThat(next.getModelVersion()).isEqualTo(4);
        RoundMetrics m = Codecs.roundMetrics().decode(on(r, Topics.METRICS).value);
        assertThat(m.getReleaseRefused()).isEqualTo(r.refusal());
        assertThat(m.getRejected()).containsEntry("RELEASE_REFUSED", 1L);
        assertThat(m.getConvergenceRate()).isZero();
        DeadLetter letter = Codecs.deadLetter().decode(on(r, Topics.DEAD_LETTER).value);
        assertThat(letter.getReason()).isEqualTo(ReasonCode.RELEASE_REFUSED);
        assertThat(letter.getDetail()).isEqualTo(r.refusal());
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.GLOBAL_MODEL);
        assertThat(letter.getRound()).isEqualTo(4);
        assertThat(letter.getPartition()).isEqualTo(-1);
        // the refused candidate itself: version 4 with the NaN, of which the letter keeps a prefix
        float[] candidate = release.initialParameters();
        candidate[3] = Float.NaN;
        GlobalModel refused = GlobalModel.newBuilder(published).build();
        refused.setParameters(TensorCodec.dense(candidate, TestUpdates.SPEC.shapes()));
        byte[] refusedBytes = Codecs.globalModel().encode(refused);
        assertThat(letter.getPayloadSize()).isEqualTo((long) refusedBytes.length);
        assertThat(letter.getPayloadSha256())
                .isEqualTo(
                        ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(refusedBytes)));
        assertThat(steps.size()).isZero();
    }

    @Test
    void anExplodingStepIsRefusedOnceThreeStepsWereReleased() {
        ModelRelease release = new ModelRelease(CONFIG);
        RecentValues steps = release.check().fit(null);
        float[] params = release.initialParameters();
        // FedAvg at eta 1: the step is the delta. 0.1 on 8 coordinates: norm 0.1 sqrt 8 = 0.28284
        for (long round = 1; round <= 3; round++) {
            ModelRelease.Released r =
                    release.release(
                            params, filled(0.1f), null, steps, ModelReleaseTest.summary(round), 0);
            assertThat(r.refusal()).isNull();
            params = r.parameters();
        }
        // at most 10 x 0.28284 = 2.8284: 0.9 sqrt 8 = 2.5456 passes, 1.1 sqrt 8 = 3.1113 does not
        ModelRelease.Released big =
                release.release(params, filled(1.1f), null, steps, ModelReleaseTest.summary(4), 0);
        assertThat(big.refusal()).contains("step norm 3.111 > 10.0 x 0.2828");
        assertThat(big.parameters()).isSameAs(params);
        ModelRelease.Released ok =
                release.release(params, filled(0.9f), null, steps, ModelReleaseTest.summary(4), 0);
        assertThat(ok.refusal()).isNull();
        assertThat(steps.size()).isEqualTo(4);
    }

    @Test
    void aRefusedReleaseDoesNotAdvanceTheServerOptimizerState() {
        ModelRelease release =
                new ModelRelease(CONFIG.with(OptimizerOptions.SERVER_OPTIMIZER, Optimizer.FEDADAM));
        RecentValues steps = release.check().fit(null);
        float[] params = release.initialParameters();
        ServerOptimizerState state = release.optimizer().initialState(8);
        ModelRelease.Released first =
                release.release(params, filled(0.5f), state, steps, ModelReleaseTest.summary(1), 0);
        ServerOptimizerState after1 = first.state();
        double[] m = after1.m.clone();
        double[] v = after1.v.clone();
        float[] nan = filled(0.5f);
        nan[0] = Float.NaN;

        ModelRelease.Released refused =
                release.release(
                        first.parameters(), nan, after1, steps, ModelReleaseTest.summary(2), 0);

        assertThat(refused.refusal()).isNotNull();
        assertThat(refused.state()).isSameAs(after1);
        assertThat(after1.steps).isOne();
        assertThat(after1.m).containsExactly(m);
        assertThat(after1.v).containsExactly(v);
        assertThat(refused.parameters()).isSameAs(first.parameters());
    }
}
