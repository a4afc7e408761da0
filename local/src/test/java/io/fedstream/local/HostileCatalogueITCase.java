package io.fedstream.local;

import static io.fedstream.local.HostileRecords.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.CompressedTensors;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.local.CatalogueFederation.At;
import io.fedstream.local.CatalogueFederation.Sent;
import io.fedstream.testkit.RoundChecks;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hostile catalogue on a real broker: the job (MiniCluster, restart strategy none) runs three
 * rounds with six honest clients, some with ids in other scripts, while the test sends every class
 * of hostile input of {@link HostileUpdates} and {@link HostileTraffic} between their updates. Each
 * hostile record must come back on the dead-letter topic with its reason, size, SHA-256 and first
 * bytes (matched by the topic, partition and offset it came from), or be ignored if it has no
 * reason (records on the global-model and round-task topics the job reads back); every released
 * model must equal the num_samples-weighted FedAvg of that round's honest updates alone, which the
 * test computes from what it sent; and the job must still be running at the end.
 *
 * <p>Each round goes: the job's task (read back by the job too), one honest update, the round's
 * hostile records, their dead letters (so each is counted in that round's metrics), then the other
 * honest updates, which close the round.
 */
class HostileCatalogueITCase {
    private static final int ROUNDS = 3;
    private static final int FLOOD = 2_000;

    /** Valid ids, printable in their scripts: all must be accepted and counted. */
    private static final List<String> HONEST =
            List.of(
                    "alice",
                    "Жанна",
                    "\uD83E\uDD8A\uD83D\uDE80", // fox, rocket: surrogate pairs
                    "مرحبا",
                    "Jose\u0301", // a combining accent
                    "\uD83D\uDE00".repeat(128)); // 128 code points, 256 chars: at the limit

    /**
     * Reasons no record of the catalogue earns with the default options: UNKNOWN is a reader's
     * fallback, anomalies (and the quarantine after them) need --guard-anomaly-detection, and
     * RELEASE_REFUSED is for a candidate model, never for a single record (with the norm bound on,
     * no update here can make one explode; ReleaseRefusalTest and ModelPublisherHarnessTest cover
     * it).
     */
    private static final EnumSet<ReasonCode> NOT_BY_DEFAULT =
            EnumSet.of(
                    ReasonCode.UNKNOWN,
                    ReasonCode.ANOMALOUS_UPDATE,
                    ReasonCode.QUARANTINED,
                    ReasonCode.RELEASE_REFUSED,
                    // Client identity's reasons: this catalogue runs with client-auth off (its
                    // records are unsigned); ClientIdentityITCase has a class for each of them.
                    ReasonCode.UNKNOWN_CLIENT,
                    ReasonCode.BAD_SIGNATURE,
                    ReasonCode.REVOKED,
                    ReasonCode.EXPIRED,
                    ReasonCode.WRONG_RUN,
                    ReasonCode.BAD_ENROLLMENT);

    /** The adaptive norm bound's factor kappa, as the job's default sets it. */
    private static final double KAPPA = AggregationOptions.NORM_BOUND_FACTOR.defaultValue();

    /** Its round-2 answer is its round-1 delta again (REPLAYED): not an honest update then. */
    private static final String REPLAYER = HONEST.get(0);

    /** The client hostile records claim to be. */
    private static final String VICTIM = HONEST.get(1);

    /** Answers first in each round; a duplicate of its update follows. */
    private static final String FIRST = HONEST.get(2);

    @Test
    @Timeout(300)
    void everyHostileRecordIsRefusedWithItsReasonAndEveryModelIsTheHonestFedAvg() throws Exception {
        try (CatalogueFederation fed = CatalogueFederation.start(HONEST.size(), ROUNDS)) {
            for (String id : HONEST) {
                fed.send(Topics.HEARTBEATS, HostileCase.utf8(id), bytes(heartbeat(id)));
            }
            List<At> honestSent = new ArrayList<>();
            for (long round = 1; round <= ROUNDS; round++) {
                List<ModelUpdate> honest = honestUpdates(round);
                CatalogueFederation.Round played =
                        fed.play(
                                round,
                                HONEST,
                                honest.get(0),
                                catalogue(round),
                                honest.subList(1, honest.size()));
                honestSent.addAll(played.updates());
                if (round == 1) {
                    assertThat(params(played.previous()))
                            .containsExactly(
                                    SPEC.initialParameters(fed.config().get(RoundOptions.SEED)));
                }
                assertHonestFedAvg(round, honest, played);
                assertThat(played.released().getTrainingComplete()).isEqualTo(round == ROUNDS);
                fed.job().checkAlive();
            }
            fed.awaitDeadLetters(
                    fed.send(HostileTraffic.afterTraining(VICTIM, ROUNDS), ROUNDS + 1));

            // Every dead letter committed by now: exactly one per refused record, none other.
            List<Sent> all = fed.sent();
            Map<At, Sent> refused = new HashMap<>();
            all.stream()
                    .filter(s -> s.hostile().deadLettered())
                    .forEach(s -> refused.put(s.at(), s));
            Map<At, DeadLetter> letters = new HashMap<>();
            for (DeadLetter d : fed.allDeadLetters()) {
                assertThat(letters.put(At.of(d), d))
                        .as("a second dead letter of %s", At.of(d))
                        .isNull();
            }
            assertThat(letters.keySet()).doesNotContainAnyElementsOf(honestSent);
            assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(refused.keySet());
            refused.forEach((at, s) -> assertDeadLetter(s.hostile(), letters.get(at)));

            Set<String> classes =
                    all.stream().map(s -> s.hostile().name()).collect(Collectors.toSet());
            assertThat(classes).hasSizeGreaterThanOrEqualTo(30);
            // Every reason the job gives with its default options has a class here.
            assertThat(all.stream().map(s -> s.hostile().expected()).filter(r -> r != null))
                    .containsAll(EnumSet.complementOf(NOT_BY_DEFAULT));

            // Each round's metrics count its refused updates by reason (heartbeats are not
            // counted there).
            List<RoundMetrics> server = fed.awaitServerMetrics(ROUNDS + 1);
            for (int round = 0; round <= ROUNDS; round++) {
                assertThat(new TreeMap<>(server.get(round).getRejected()))
                        .as("rejected in round %d", round)
                        .isEqualTo(refusedUpdates(all, round));
            }
            assertThat(fed.job().status()).isEqualTo(JobStatus.RUNNING);
        }
    }

    /**
     * Numeric poison from selected clients, which needs the safe numeric defaults (not merged yet)
     * to be harmless without any flag: num_samples 10^9 must be refused by the default
     * max-num-samples (BAD_NUM_SAMPLES), and deltas of norm 1e30 (dense, and sparse with one
     * coordinate) clipped by the adaptive norm bound (kappa x the median admitted norm), so that
     * the model moves at most their weight's share of that bound away from the honest FedAvg.
     */
    @Test
    @Timeout(300)
    void numericPoisonIsRefusedOrClippedByDefault() throws Exception {
        numericPoison(new Configuration());
    }

    private void numericPoison(Configuration options) throws Exception {
        List<String> clients =
                List.of(HONEST.get(0), VICTIM, FIRST, HONEST.get(3), "boost-dense", "boost-sparse");
        try (CatalogueFederation fed = CatalogueFederation.start(clients.size(), ROUNDS, options)) {
            for (String id : clients) {
                fed.send(Topics.HEARTBEATS, HostileCase.utf8(id), bytes(heartbeat(id)));
            }
            for (long round = 1; round <= ROUNDS; round++) {
                List<ModelUpdate> honest = new ArrayList<>();
                List<ModelUpdate> poison = new ArrayList<>();
                for (int i = 0; i < clients.size(); i++) {
                    honest.add(
                            update(clients.get(i), round, samples(i), honestDelta(i, round))
                                    .build());
                }
                List<HostileCase> hostile = new ArrayList<>();
                if (round == 1) {
                    hostile.add(
                            HostileCase.toUpdates(
                                    "num_samples 10^9",
                                    ReasonCode.BAD_NUM_SAMPLES,
                                    VICTIM,
                                    bytes(update(VICTIM, 1, 1_000_000_000L, delta(1)))));
                } else if (round == 2) {
                    float[] dense = new float[SPEC.numParameters()];
                    Arrays.fill(dense, (float) (1e30 / Math.sqrt(dense.length)));
                    poison.add(update("boost-dense", 2, samples(4), dense).build());
                    poison.add(
                            update("boost-sparse", 2, samples(5), delta(0))
                                    .setDelta(
                                            CompressedTensors.sparse(
                                                    new int[] {3},
                                                    new float[] {1e30f},
                                                    SPEC.shapes()))
                                    .build());
                    honest = honest.subList(0, 4);
                }
                List<ModelUpdate> rest = new ArrayList<>(honest.subList(1, honest.size()));
                rest.addAll(poison);
                CatalogueFederation.Round played =
                        fed.play(round, clients, honest.get(0), hostile, rest);
                if (round != 2) {
                    assertHonestFedAvg(round, honest, played);
                } else {
                    assertWithinClippedShare(honest, poison, played);
                }
                fed.job().checkAlive();
            }
            assertThat(fed.allDeadLetters())
                    .extracting(DeadLetter::getReason)
                    .containsExactly(ReasonCode.BAD_NUM_SAMPLES);
        }
    }

    /**
     * The released step is the honest mean plus the clipped poison's share: at most (poison weight
     * / all weight) x (KAPPA x the largest honest norm + |honest mean|) away from it.
     */
    private static void assertWithinClippedShare(
            List<ModelUpdate> honest, List<ModelUpdate> poison, CatalogueFederation.Round played) {
        float[] before = params(played.previous());
        float[] after = params(played.released());
        double[] mean = new double[before.length];
        double honestWeight = 0;
        double maxNorm = 0;
        for (ModelUpdate u : honest) {
            float[] d = TensorCodec.values(u.getDelta());
            for (int j = 0; j < d.length; j++) {
                mean[j] += u.getNumSamples() * (double) d[j];
            }
            honestWeight += u.getNumSamples();
            maxNorm = Math.max(maxNorm, norm(d));
        }
        double poisonWeight = poison.stream().mapToLong(ModelUpdate::getNumSamples).sum();
        double distance = 0;
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= honestWeight;
            distance += Math.pow(after[j] - before[j] - mean[j], 2);
        }
        double meanNorm = Math.sqrt(Arrays.stream(mean).map(x -> x * x).sum());
        double bound = poisonWeight * (KAPPA * maxNorm + meanNorm) / (honestWeight + poisonWeight);
        for (float x : after) {
            assertThat(x).as("a parameter of v2").isFinite();
        }
        assertThat(Math.sqrt(distance)).as("|v2 - v1 - honest mean|").isLessThanOrEqualTo(bound);
    }

    private static double norm(float[] d) {
        double s = 0;
        for (float x : d) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    /** The round's version is the FedAvg of {@code honest} alone, from the previous version. */
    private static void assertHonestFedAvg(
            long round, List<ModelUpdate> honest, CatalogueFederation.Round played) {
        RoundChecks.FedAvgRound fedAvg = RoundChecks.fedAvg(honest, round, played.previous());
        assertThat(fedAvg.updates()).isEqualTo(honest.size());
        assertThat(fedAvg.maxError(played.released()))
                .as("max |v%d - honest FedAvg|", round)
                .isLessThan(1e-6);
        assertThat(played.released().getParticipants()).isEqualTo(honest.size());
        assertThat(played.released().getTotalSamples()).isEqualTo(fedAvg.samples());
    }

    /** The hostile records sent while {@code round} is open, after {@link #FIRST}'s update. */
    private static List<HostileCase> catalogue(long round) {
        List<HostileCase> out = new ArrayList<>();
        out.add(HostileTraffic.duplicate(FIRST, round));
        out.addAll(HostileTraffic.roundRules(VICTIM, round));
        out.addAll(HostileTraffic.readBack(round));
        if (round == 1) {
            out.addAll(HostileUpdates.all(VICTIM, round));
            out.addAll(HostileTraffic.heartbeats());
        } else if (round == 2) {
            out.add(HostileTraffic.replay(REPLAYER, round, samples(0), honestDelta(0, 1)));
            out.add(HostileTraffic.stale(round));
            out.addAll(HostileTraffic.updateFlood(round, FLOOD));
            out.addAll(HostileTraffic.badIdHeartbeatFlood(FLOOD));
            out.addAll(
                    HostileTraffic.heartbeatFlood(
                            "flood of heartbeats from honest ids", HONEST, FLOOD));
        } else {
            // The same records again under the longest valid id; and, the last round's clients
            // being chosen, valid heartbeats of fresh ids can steer no selection.
            out.addAll(HostileUpdates.all(HONEST.get(5), round));
            List<String> fresh = IntStream.range(0, FLOOD).mapToObj(i -> "visitor-" + i).toList();
            out.addAll(
                    HostileTraffic.heartbeatFlood(
                            "flood of heartbeats under fresh ids after the last selection",
                            fresh,
                            FLOOD));
        }
        return out;
    }

    /** The round's honest updates, {@link #FIRST}'s first; the replayer sends none in round 2. */
    private static List<ModelUpdate> honestUpdates(long round) {
        List<ModelUpdate> out = new ArrayList<>();
        out.add(update(FIRST, round, samples(2), honestDelta(2, round)).build());
        for (int i = 0; i < HONEST.size(); i++) {
            String id = HONEST.get(i);
            if (!id.equals(FIRST) && !(round == 2 && id.equals(REPLAYER))) {
                out.add(update(id, round, samples(i), honestDelta(i, round)).build());
            }
        }
        return out;
    }

    /** num_samples of honest client i: 40 to 65, within 2x of each other. */
    private static long samples(int i) {
        return 40 + 5L * i;
    }

    /**
     * Honest client i's delta in {@code round}: all alike (positive, norms within 1.5x of each
     * other), so that no norm or weight bound derived from the honest updates clips one, and new in
     * every round.
     */
    static float[] honestDelta(int i, long round) {
        float[] d = new float[SPEC.numParameters()];
        for (int j = 0; j < d.length; j++) {
            d[j] = (1 + 0.1f * i) * (0.05f + 0.01f * j + 0.002f * round);
        }
        return d;
    }

    private static void assertDeadLetter(HostileCase c, DeadLetter d) {
        byte[] value = c.valueBytes();
        assertThat(d.getReason()).as("reason of %s", c).isEqualTo(c.expected());
        assertThat(d.getSourceTopic()).isEqualTo(c.topic());
        assertThat(d.getPayloadSize()).as("payload size of %s", c).isEqualTo((long) value.length);
        assertThat(array(d.getPayloadSha256())).as("SHA-256 of %s", c).isEqualTo(sha256(value));
        assertThat(array(d.getPayload()))
                .as("payload of %s", c)
                .isEqualTo(Arrays.copyOf(value, Math.min(4096, value.length)));
        if (c.key() == null) {
            assertThat(d.getKey()).as("key of %s", c).isNull();
            assertThat(d.getKeySize()).isNull();
        } else {
            assertThat(array(d.getKey()))
                    .as("key of %s", c)
                    .isEqualTo(Arrays.copyOf(c.key(), Math.min(512, c.key().length)));
            assertThat(d.getKeySize()).isEqualTo((long) c.key().length);
        }
        assertThat(d.getDetail()).as("detail of %s", c).isNotBlank();
        assertThat(Codecs.deadLetter().encode(d).length)
                .as("encoded dead letter of %s", c)
                .isLessThan(8 * 1024);
    }

    /** The refused updates sent while {@code round} was open, counted by reason. */
    private static Map<String, Long> refusedUpdates(List<Sent> sent, long round) {
        return sent.stream()
                .filter(s -> s.round() == round && s.hostile().deadLettered())
                .filter(s -> s.hostile().topic().equals(Topics.UPDATES))
                .collect(
                        Collectors.groupingBy(
                                s -> s.hostile().expected().name(),
                                TreeMap::new,
                                Collectors.counting()));
    }

    private static byte[] array(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
