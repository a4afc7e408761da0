package io.fedstream.edge.client;

import static io.fedstream.edge.client.FakeJob.decodeUpdates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.LocalDpStatus;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.contract.TensorCodec;
import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.TestData;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.privacy.LocalAccountant;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.model.ModelSpec;
import io.fedstream.privacy.L2Clip;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet of real Kafka clients against an in-process KRaft broker, with the test playing the job
 * ({@link FakeJob}): it publishes models and round tasks and reads what the clients send back.
 * Absences ("no second update") are checked once the clients have stopped or have finished the
 * round in question, on the topics read to their end, never by waiting a while.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FleetITCase {
    private static final ModelSpec SPEC = ModelSpec.parse("mlp:12-6-3");
    private static final String MODEL = "it-model";
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    private static FakeJob job(String prefix) {
        return new FakeJob(broker.bootstrap(), prefix, MODEL, SPEC);
    }

    private static FleetConfig.Builder fleet(String prefix, int clients, boolean stopWhenComplete) {
        return FleetConfig.builder()
                .numClients(clients)
                .clientSeed(5)
                .trainingThreads(2)
                .client(broker.client(prefix, MODEL, stopWhenComplete));
    }

    /** Client k's honest round-1 update from {@code v0}, recomputed from (client seed, round). */
    private static float[] honestRound1(float[] v0, Dataset data, int k) {
        long seed = Seeds.derive(Seeds.derive(5, k), 1);
        return new Nd4jTrainer(SPEC).train(v0, data, 2, 0.2, 8, seed).delta();
    }

    @Test
    void followsRoundsPublishesUpdatesAndStopsWhenTrainingIsComplete() throws Exception {
        String p = "run1.";
        List<Dataset> data =
                List.of(
                        TestData.separable(40, 12, 3, 1),
                        TestData.separable(50, 12, 3, 2),
                        TestData.separable(60, 12, 3, 3));

        try (Fleet fleet = Fleet.start(fleet(p, 3, true).build(), data);
                FakeJob job = job(p)) {
            // The clients start before the topics exist; the pause lets them find the topics
            // missing and wait (the test holds either way).
            Thread.sleep(1000);
            broker.createTopics(p);

            float[] v0 = SPEC.initialParameters(17);
            job.publishGarbage();
            job.commit(job.model(0, v0, false), job.task(1, 0, "client-0000", "client-0002"));
            // Never committed: a read_uncommitted client would see round 2 as the latest task.
            job.abort(job.task(2, 0, "client-0001"));

            Map<String, ModelUpdate> byClient = decodeUpdates(job.awaitUpdates(2, r -> true));
            assertThat(byClient).containsOnlyKeys("client-0000", "client-0002");
            for (int k : new int[] {0, 2}) {
                ModelUpdate u = byClient.get(FleetConfig.clientId(k));
                assertThat(u.getModelId()).isEqualTo(MODEL);
                assertThat(u.getRound()).isEqualTo(1);
                assertThat(u.getBaseVersion()).isEqualTo(0);
                assertThat(u.getNumSamples()).isEqualTo(data.get(k).size());
                assertThat(u.getTrainingLoss()).isFinite().isPositive();
                assertThat(SPEC.matchesShapes(u.getDelta().getShapes())).isTrue();
                assertThat(TensorCodec.values(u.getDelta()))
                        .containsExactly(honestRound1(v0, data.get(k), k));
            }

            // Round 2: the task is published before its model (the pause makes it likely that
            // the client reads them in that order; the test holds either way).
            float[] v1 = SPEC.initialParameters(18);
            job.commit(job.task(2, 1, "client-0001"));
            Thread.sleep(500);
            job.commit(job.model(1, v1, false));
            ModelUpdate second =
                    decodeUpdates(job.awaitUpdates(1, u -> u.getClientId().equals("client-0001")))
                            .get("client-0001");
            assertThat(second.getRound()).isEqualTo(2);
            assertThat(second.getBaseVersion()).isEqualTo(1);

            job.commit(job.model(2, v1, true));
            assertThat(fleet.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            // Stopped clients have flushed and closed their producers: the topics are final.
            assertThat(job.updatesToEnd()).hasSize(3);
            assertThat(fleet.clients())
                    .allSatisfy(c -> assertThat(c.updatesSent()).isLessThanOrEqualTo(1));
            Map<String, Integer> perClient = new HashMap<>();
            for (ClientHeartbeat hb : job.heartbeatsToEnd()) {
                perClient.merge(hb.getClientId(), 1, Integer::sum);
                int k = Integer.parseInt(hb.getClientId().substring("client-".length()));
                assertThat(hb.getNumSamples()).isEqualTo(data.get(k).size());
                assertThat(hb.getModelId()).isEqualTo(MODEL);
                assertThat(hb.getDevice()).containsKeys("os", "arch", "cores", "jvm");
            }
            assertThat(perClient).containsOnlyKeys("client-0000", "client-0001", "client-0002");
            assertThat(perClient.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));
        }
    }

    @Test
    void colludingIpmClientsSendMinusEpsilonTimesTheMeanOfTheRoundsHonestUpdates()
            throws Exception {
        String p = "run4.";
        broker.createTopics(p);
        List<Dataset> data = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            data.add(TestData.separable(30 + 10 * k, 12, 3, 20 + k));
        }
        AttackConfig ipm =
                AttackConfig.builder()
                        .type(AttackType.IPM)
                        .byzantineFraction(0.5)
                        .ipmEpsilon(2)
                        .seed(11)
                        .build();
        FleetConfig config = fleet(p, 4, true).attack(ipm).build();
        List<String> byzantine = Fleet.byzantineClients(config);
        assertThat(byzantine).hasSize(2);
        try (Fleet fleet = Fleet.start(config, data);
                FakeJob job = job(p)) {
            assertThat(fleet.byzantineClients()).isEqualTo(byzantine);
            assertThat(fleet.clients())
                    .allSatisfy(
                            c ->
                                    assertThat(c.stageNames())
                                            .containsExactly(
                                                    "train",
                                                    "attack",
                                                    "compress",
                                                    "encode",
                                                    "publish"));
            float[] v0 = SPEC.initialParameters(3);
            job.commit(
                    job.model(0, v0, false),
                    job.task(1, 0, "client-0000", "client-0001", "client-0002", "client-0003"));
            Map<String, ModelUpdate> sent = decodeUpdates(job.awaitUpdates(4, r -> true));

            List<float[]> honest = new ArrayList<>();
            double[] mean = new double[SPEC.numParameters()];
            for (int k = 0; k < 4; k++) {
                float[] d = honestRound1(v0, data.get(k), k);
                honest.add(d);
                for (int i = 0; i < d.length; i++) {
                    mean[i] += d[i] / 4.0;
                }
            }
            for (int k = 0; k < 4; k++) {
                String id = FleetConfig.clientId(k);
                float[] values = TensorCodec.values(sent.get(id).getDelta());
                assertThat(sent.get(id).getNumSamples()).isEqualTo(data.get(k).size());
                if (byzantine.contains(id)) {
                    for (int i = 0; i < values.length; i++) {
                        assertThat((double) values[i]).isCloseTo(-2 * mean[i], within(1e-5));
                    }
                } else {
                    assertThat(values).containsExactly(honest.get(k));
                }
            }
            job.commit(job.model(1, v0, true));
            assertThat(fleet.awaitCompletion(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aLateJoinerAnswersOnlyTheCurrentRoundEvenAfterAnAbortedTail() throws Exception {
        String p = "run3.";
        broker.createTopics(p);
        try (FakeJob job = job(p)) {
            job.commit(
                    job.model(0, SPEC.initialParameters(1), false), job.task(1, 0, "client-0000"));
            job.commit(
                    job.model(1, SPEC.initialParameters(2), false), job.task(2, 1, "client-0000"));
            job.abort(job.task(3, 1, "client-0000"));

            Fleet fleet =
                    Fleet.start(
                            fleet(p, 1, true).build(), List.of(TestData.separable(30, 12, 3, 5)));
            try (fleet) {
                ModelUpdate u = decodeUpdates(job.awaitUpdates(1, r -> true)).get("client-0000");
                assertThat(u.getRound()).isEqualTo(2);
                assertThat(u.getBaseVersion()).isEqualTo(1);
            }
            // Closed: whatever the client sent is on the topic now.
            assertThat(job.updatesToEnd()).hasSize(1);
            assertThat(fleet.clients().get(0).updatesSent()).isEqualTo(1);
        }
    }

    @Test
    void aClientThatStaysRunsPastTrainingCompleteUntilClosed() throws Exception {
        String p = "run2.";
        broker.createTopics(p);
        Fleet fleet =
                Fleet.start(fleet(p, 1, false).build(), List.of(TestData.separable(30, 12, 3, 4)));
        EdgeClient client = fleet.clients().get(0);
        try (FakeJob job = job(p)) {
            job.commit(job.model(0, SPEC.initialParameters(1), true));
            Eventually.await("model 0 read", () -> client.latestModelVersion() == 0);
            // A client that stopped at training_complete would never read the next model.
            job.commit(job.model(1, SPEC.initialParameters(2), true));
            Eventually.await("model 1 read", () -> client.latestModelVersion() == 1);
            assertThat(fleet.completion()).isNotDone();
            assertThat(client.pollLoopAlive()).isTrue();
        } finally {
            fleet.close();
        }
        // close() returned with the loop joined and the producer and consumer closed.
        assertThat(fleet.completion()).isCompleted();
        assertThat(client.pollLoopAlive()).isFalse();
    }

    @Test
    void aLocalDpClientSendsItsClippedNoisedUpdateReportsEpsilonAndStopsAtItsBudget()
            throws Exception {
        String p = "run5.";
        broker.createTopics(p);
        double clip = 0.5;
        double z = 2.0;
        // A budget that fits exactly one release.
        double budget = new LocalAccountant(z, 1e-5).epsilon(1) * (1 + 1e-9);
        LocalDpSettings dp = new LocalDpSettings(clip, z, 1e-5, budget, true);
        FleetConfig config =
                fleet(p, 1, true)
                        .trainingThreads(1)
                        .client(broker.client(p, MODEL, true).localDp(dp))
                        .build();
        Dataset data = TestData.separable(40, 12, 3, 1);
        try (FakeJob job = job(p)) {
            Fleet fleet = Fleet.start(config, List.of(data));
            EdgeClient client = fleet.clients().get(0);
            try (fleet) {
                float[] v0 = SPEC.initialParameters(17);
                job.commit(job.model(0, v0, false), job.task(1, 0, "client-0000"));
                ModelUpdate u = decodeUpdates(job.awaitUpdates(1, r -> true)).get("client-0000");

                // Reproduce the release: train, clip to C, add N(0, (zC)^2) from the seeded stream.
                long clientSeed = Seeds.derive(5, 0);
                float[] expected = honestRound1(v0, data, 0);
                L2Clip.clipInPlace(expected, clip);
                SplittableRandom noise = new SplittableRandom(Seeds.derive(clientSeed, -2));
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = (float) (expected[i] + z * clip * noise.nextGaussian());
                }
                assertThat(TensorCodec.values(u.getDelta())).containsExactly(expected);

                // Round 2 would exceed the budget: the client takes it up and declines it.
                job.commit(
                        job.model(1, SPEC.initialParameters(18), false),
                        job.task(2, 1, "client-0000"));
                Eventually.await("round 2 finished", () -> client.roundsFinished() == 2);
                // Heartbeats report the account at their own pace: wait for one that has the
                // release and the exhausted budget before stopping the client.
                job.awaitHeartbeat(
                        hb -> hb.getLocalDp() != null && hb.getLocalDp().getExhausted(),
                        "a heartbeat reporting the exhausted budget");
            }
            assertThat(job.updatesToEnd()).hasSize(1);
            List<ClientHeartbeat> beats = job.heartbeatsToEnd();
            LocalDpStatus last = beats.get(beats.size() - 1).getLocalDp();
            assertThat(last.getReleases()).isEqualTo(1);
            assertThat(last.getEpsilonSpent()).isEqualTo(new LocalAccountant(z, 1e-5).epsilon(1));
            assertThat(last.getEpsilonBudget()).isEqualTo(budget);
            assertThat(last.getExhausted()).isTrue();
            assertThat(last.getClip()).isEqualTo(clip);
            assertThat(last.getNoiseMultiplier()).isEqualTo(z);
            assertThat(beats.get(0).getLocalDp().getReleases()).isZero();
        }
    }
}
