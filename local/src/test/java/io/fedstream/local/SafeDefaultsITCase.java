package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.local.pipeline.InMemoryTopics;
import io.fedstream.model.ModelSpec;
import io.fedstream.testkit.TestRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under the default options (only the federation's size and deadlines are set), one selected
 * malicious client can move the model no further than the norm bound allows, even as the job's very
 * first update, and take no more than the weight cap's share of a round. The whole job runs on a
 * MiniCluster over {@link InMemoryTopics}; the expected models are computed here from the updates
 * sent and the documented formulas (bound = 5 x median norm, cap = 4 x median samples, over the
 * last 2 x 4 admitted updates).
 */
class SafeDefaultsITCase {
    private static final String MODEL = "safe-defaults";
    private static final ModelSpec SPEC = ModelSpec.parse("logreg:3-2"); // 8 parameters
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long SAMPLES = 50;

    /**
     * The honest updates of rounds 1 and 2 (c2, c3, c4): different directions, each of L2 norm
     * exactly 2, none sent twice (the client guard would refuse a replay).
     */
    private static final float[][][] HONEST = {
        {{1, 1, 1, 1, 0, 0, 0, 0}, {0, 0, 0, 0, 1, -1, 1, -1}, {2, 0, 0, 0, 0, 0, 0, 0}},
        {{0, 0, 0, 0, 1, 1, 1, 1}, {1, -1, 1, -1, 0, 0, 0, 0}, {0, 2, 0, 0, 0, 0, 0, 0}}
    };

    private static final List<String> HONEST_IDS = List.of("c2", "c3", "c4");

    private InMemoryTopics topics;

    private void send(String client, long round, long samples, float[] delta) {
        topics.append(
                Topics.UPDATES,
                client,
                Codecs.modelUpdate()
                        .encode(
                                TestRecords.update(MODEL, SPEC, client, round, samples, delta)
                                        .build()));
    }

    private void sendHonest(int round) {
        for (int k = 0; k < HONEST_IDS.size(); k++) {
            send(HONEST_IDS.get(k), round, SAMPLES, HONEST[round - 1][k]);
        }
    }

    /** Σ_k HONEST[round - 1][k][i]. */
    private static double honestSum(int round, int i) {
        double s = 0;
        for (float[] u : HONEST[round - 1]) {
            s += u[i];
        }
        return s;
    }

    @Test
    @Timeout(300)
    void oneMaliciousClientIsHeldToTheNormBoundAndTheWeightCap() throws Exception {
        Configuration c = new Configuration();
        // Client identity is the subject of ClientIdentityITCase, not of this test.
        c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 4);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        // Rounds close when every selected client answered; no deadline may pass on a slow host.
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMinutes(10));
        c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMinutes(10));
        c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));

        try (InMemoryTopics t = InMemoryTopics.create();
                LocalJob job = t.startJob(JobConfig.of(c), 2)) {
            topics = t;
            for (String client : List.of("c1", "c2", "c3", "c4")) {
                topics.append(Topics.HEARTBEATS, client, heartbeat(client));
            }
            float[] v0 = params(awaitModels(1).get(0));

            // Round 1: the malicious c1 answers first with an update of L2 norm 1e30 along
            // (1, ..., 1). The first three updates are held until three norms are known; all
            // honest norms are 2, so whichever update the coordinator sees first, the median is 2,
            // the bound 5 x 2 = 10 and c1's update arrives clipped to 10 / sqrt 8 a coordinate.
            float huge = (float) (1e30 / Math.sqrt(8));
            send("c1", 1, SAMPLES, filled(huge));
            sendHonest(1);
            float[] v1 = params(awaitModels(2).get(1));
            double clipped = 10 / Math.sqrt(8);
            for (int i = 0; i < 8; i++) {
                // equal weights (50 samples each, below the cap 4 x 50)
                double step = (clipped + honestSum(1, i)) / 4;
                assertThat((double) v1[i] - v0[i]).as("v1[%d]", i).isCloseTo(step, within(1e-5));
            }
            // ...so the model moved at most (10 + 3 x 2) / 4 = 4, where unbounded it would have
            // moved 2.5e29 (chance accuracy, and no finite loss).
            assertThat(norm(v1, v0)).isLessThanOrEqualTo(4.0 + 1e-5);

            // Round 2: c1 first claims 10^9 samples: refused outright (max-num-samples 10^7);
            // then 5 x 10^6, which is admitted with its weight capped at 4 x the median claim of
            // the last 8 admitted updates, all 50 but its own: 200 of 200 + 3 x 50, a share of
            // 4/7 instead of 5e6 / (5e6 + 150) = 99.997%.
            float[] towards = {-2, 0, 0, 0, 0, 0, 0, 0};
            send("c1", 2, 1_000_000_000L, towards);
            send("c1", 2, 5_000_000L, towards);
            sendHonest(2);
            float[] v2 = params(awaitModels(3).get(2));
            for (int i = 0; i < 8; i++) {
                double step =
                        (200.0 * towards[i] + SAMPLES * honestSum(2, i)) / (200 + 3 * SAMPLES);
                assertThat((double) v2[i] - v1[i]).as("v2[%d]", i).isCloseTo(step, within(1e-5));
            }

            topics.end();
            job.awaitFinished(WAIT);
            List<RoundMetrics> server =
                    topics.read(Topics.METRICS, Codecs.roundMetrics()).stream()
                            .filter(m -> m.getSource() == MetricsSource.SERVER)
                            .toList();
            assertThat(server).extracting(RoundMetrics::getRoundNumber).containsExactly(0L, 1L, 2L);
            RoundMetrics r1 = server.get(1);
            assertThat(r1.getClippedUpdates()).isOne();
            assertThat(r1.getCappedWeights()).isZero();
            assertThat(r1.getNormBound()).isEqualTo(10.0);
            RoundMetrics r2 = server.get(2);
            assertThat(r2.getParticipants()).isEqualTo(4);
            assertThat(r2.getClippedUpdates()).isZero();
            assertThat(r2.getCappedWeights()).isOne();
            assertThat(r2.getWeightCap()).isEqualTo(200.0);
            assertThat(r2.getReleaseRefused()).isNull();
            // (The refusal also counts in RoundMetrics.rejected of the round open when it reaches
            // the coordinator, which may already be closed: the dead letter is the record.)
            List<DeadLetter> letters = topics.read(Topics.DEAD_LETTER, Codecs.deadLetter());
            assertThat(letters)
                    .extracting(DeadLetter::getReason)
                    .containsExactly(ReasonCode.BAD_NUM_SAMPLES);
            assertThat(letters.get(0).getDetail())
                    .isEqualTo(
                            "num_samples 1000000000 exceeds this job's max-num-samples 10000000");
        }
    }

    private List<GlobalModel> awaitModels(int n) throws InterruptedException {
        return topics.await(
                Topics.GLOBAL_MODEL,
                Codecs.globalModel(),
                r -> r.size() >= n,
                WAIT,
                "model v" + (n - 1));
    }

    private static byte[] heartbeat(String client) {
        return Codecs.heartbeat()
                .encode(
                        ClientHeartbeat.newBuilder()
                                .setClientId(client)
                                .setModelId(MODEL)
                                .setNumSamples(SAMPLES)
                                .setDevice(Map.of())
                                .setTimestamp(Instant.now())
                                .build());
    }

    private static float[] filled(float v) {
        float[] d = new float[SPEC.numParameters()];
        java.util.Arrays.fill(d, v);
        return d;
    }

    private static float[] params(GlobalModel m) {
        return TensorCodec.values(m.getParameters());
    }

    private static double norm(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
