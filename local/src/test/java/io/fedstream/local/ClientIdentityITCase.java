package io.fedstream.local;

import static io.fedstream.local.HostileRecords.MODEL;
import static io.fedstream.local.HostileRecords.SPEC;
import static io.fedstream.local.HostileRecords.delta;
import static io.fedstream.local.HostileRecords.heartbeat;
import static io.fedstream.local.HostileRecords.hex;
import static io.fedstream.local.HostileRecords.params;
import static io.fedstream.local.HostileRecords.sha256;
import static io.fedstream.local.HostileRecords.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.ReasonCode;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.TensorCodec;
import io.fedstream.contract.Topics;
import io.fedstream.identity.EnrollmentRecords;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.SelectionTags;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.local.pipeline.InMemoryTopics;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client identity through the whole job (client-auth signed, the default) on a MiniCluster: only
 * enrolled clients are registered and selected, the round task names them by tags only they can
 * compute, every release is signed by the job and carries the run, and each forged, replayed,
 * misattributed, revoked, expired or foreign-run record, and an enrollment not signed by the
 * operator or ending before it starts, is refused with its reason while the rounds' models are
 * exactly the honest clients' FedAvg. Kafka is not the subject (the broker ACLs have
 * KafkaAclITCase): the job runs on in-memory topics whose append time stands for the broker's
 * LogAppendTime.
 */
class ClientIdentityITCase {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RUN = "run-A";
    private static final List<String> HONEST = List.of("c1", "c2", "c3");

    @TempDir Path dir;
    private InMemoryTopics topics;
    private final Map<String, Long> sequences = new HashMap<>();

    private static Identity identity(String name, long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return Identity.generate(name, r);
    }

    private long nextSequence(String client) {
        return sequences.merge(client, 1L, Long::sum);
    }

    private void enroll(Identity operator, Identity client, Instant from, Instant to) {
        EnrollmentRecords.Signed e =
                EnrollmentRecords.enroll(
                        operator, client.publicIdentity(), from, to, Map.of(), Instant.now());
        topics.appendSigned(Topics.ENROLLMENTS, e.clientId(), e.value(), e.signature());
    }

    private byte[] signedUpdate(Identity signer, ModelUpdate.Builder u) {
        byte[] value = Codecs.modelUpdate().encode(u.build());
        topics.appendSigned(
                Topics.UPDATES, u.getClientId(), value, signer.signer().sign("ModelUpdate", value));
        return value;
    }

    private ModelUpdate.Builder honest(String client, long round, long base, float[] d) {
        return update(client, round, 10, d)
                .setBaseVersion(base)
                .setRunId(RUN)
                .setSequence(nextSequence(client));
    }

    @Test
    @Timeout(300)
    void onlyEnrolledClientsSignedRecordsOfThisRunCount() throws Exception {
        Identity operator = identity("operator", 1);
        Identity job = identity("job", 2);
        Path jobKey = dir.resolve("job.key");
        IdentityFiles.write(job, jobKey);
        Path operatorKey = dir.resolve("operator.key");
        IdentityFiles.write(operator, operatorKey);
        Map<String, Identity> clients = new HashMap<>();
        for (int i = 0; i < HONEST.size(); i++) {
            clients.put(HONEST.get(i), identity(HONEST.get(i), 10 + i));
        }
        Identity revoked = identity("c4", 20);
        Identity expired = identity("c5", 21);
        Identity mallory = identity("mallory", 22);

        Configuration c = new Configuration();
        c.set(RoundOptions.MODEL_ID, MODEL);
        c.set(RoundOptions.MODEL_SPEC, SPEC.toString());
        c.set(RoundOptions.CLIENTS_PER_ROUND, 3);
        c.set(RoundOptions.NUM_ROUNDS, 2);
        c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMinutes(10));
        c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMinutes(10));
        c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        c.set(IdentityOptions.JOB_IDENTITY, jobKey.toString());
        c.set(
                IdentityOptions.OPERATOR_IDENTITY,
                IdentityFiles.publicFileOf(operatorKey).toString());
        c.set(IdentityOptions.RUN_ID, RUN);
        JobConfig config = JobConfig.of(c);

        try (InMemoryTopics t = InMemoryTopics.create();
                LocalJob job1 = t.startJob(config, 2)) {
            topics = t;
            Instant now = Instant.now();
            Instant year = now.plus(Duration.ofDays(365));
            for (String id : HONEST) {
                enroll(operator, clients.get(id), now.minusSeconds(60), year);
            }
            enroll(operator, revoked, now.minusSeconds(60), year);
            EnrollmentRecords.Signed revocation =
                    EnrollmentRecords.revoke(
                            operator,
                            revoked.publicIdentity(),
                            Instant.now().plusMillis(5),
                            "lost");
            topics.appendSigned(
                    Topics.ENROLLMENTS, "c4", revocation.value(), revocation.signature());
            enroll(operator, expired, now.minusSeconds(3600), now.minusSeconds(1800));
            // An enrollment of mallory signed with mallory's own key, not the operator's.
            EnrollmentRecords.Signed self =
                    EnrollmentRecords.enroll(
                            mallory, mallory.publicIdentity(), now, year, Map.of(), now);
            topics.appendSigned(Topics.ENROLLMENTS, "mallory", self.value(), self.signature());
            // Signed by the operator but ending before it starts.
            EnrollmentRecords.Signed backwards =
                    EnrollmentRecords.enroll(
                            operator,
                            identity("c6", 23).publicIdentity(),
                            year,
                            now,
                            Map.of(),
                            now);
            topics.appendSigned(Topics.ENROLLMENTS, "c6", backwards.value(), backwards.signature());

            Map<byte[], ReasonCode> expected = new HashMap<>();
            expected.put(backwards.value(), ReasonCode.BAD_ENROLLMENT);
            // Heartbeats: 10 unenrolled ids (never selected), then the honest clients.
            for (int i = 0; i < 10; i++) {
                byte[] hb =
                        Codecs.heartbeat()
                                .encode(
                                        heartbeat("fake-" + i)
                                                .setRunId(RUN)
                                                .setSequence(1L)
                                                .build());
                topics.appendSigned(
                        Topics.HEARTBEATS,
                        "fake-" + i,
                        hb,
                        mallory.signer().sign("ClientHeartbeat", hb));
                expected.put(hb, ReasonCode.UNKNOWN_CLIENT);
            }
            // The job reads the enrollments and the heartbeats from separate topics: a heartbeat
            // that overtakes its client's enrollment is UNKNOWN_CLIENT, and the client's next
            // heartbeat registers it, as edge clients heartbeat every few seconds.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (topics.read(Topics.ROUND_TASKS, Codecs.roundTask()).isEmpty()
                    && System.nanoTime() < deadline) {
                for (String id : HONEST) {
                    byte[] hb =
                            Codecs.heartbeat()
                                    .encode(
                                            heartbeat(id)
                                                    .setRunId(RUN)
                                                    .setSequence(nextSequence(id))
                                                    .build());
                    topics.appendSigned(
                            Topics.HEARTBEATS,
                            id,
                            hb,
                            clients.get(id).signer().sign("ClientHeartbeat", hb));
                }
                awaitTasksOrNot(Duration.ofSeconds(3));
            }
            RoundTask task1 = awaitTasks(1).get(0);
            // Sent once the honest clients are registered, so their enrollments were read.
            for (Identity other : List.of(revoked, expired)) {
                String id = other.publicIdentity().name();
                byte[] hb =
                        Codecs.heartbeat()
                                .encode(heartbeat(id).setRunId(RUN).setSequence(1L).build());
                topics.appendSigned(
                        Topics.HEARTBEATS, id, hb, other.signer().sign("ClientHeartbeat", hb));
                expected.put(hb, id.equals("c4") ? ReasonCode.REVOKED : ReasonCode.EXPIRED);
            }
            assertThat(task1.getRunId()).isEqualTo(RUN);
            assertThat(task1.getSelectedClients()).isEmpty();
            List<ByteBuffer> tags1 = expectedTags(job, clients, 1);
            assertThat(task1.getSelectionTags()).containsExactlyElementsOf(tags1);
            GlobalModel m0 = awaitModels(1).get(0);
            assertThat(m0.getRunId()).isEqualTo(RUN);
            float[] v0 = params(m0);

            // Round 1: forgeries first, then the honest updates.
            float[][] good = {delta(0.1f), delta(0.2f), delta(0.3f)};
            byte[] unsigned = Codecs.modelUpdate().encode(honest("c1", 1, 0, delta(9)).build());
            topics.appendSigned(Topics.UPDATES, "c1", unsigned, null);
            expected.put(unsigned, ReasonCode.BAD_SIGNATURE);
            expected.put(
                    signedUpdate(mallory, honest("c1", 1, 0, delta(9))), ReasonCode.BAD_SIGNATURE);
            ModelUpdate.Builder flip = honest("c2", 1, 0, delta(0.2f));
            byte[] flipValue = Codecs.modelUpdate().encode(flip.build());
            byte[] flipSig = clients.get("c2").signer().sign("ModelUpdate", flipValue);
            // One bit of a float of the delta (run_id and sequence are the last 9 bytes).
            flipValue[flipValue.length - 20] ^= 0x01;
            topics.appendSigned(Topics.UPDATES, "c2", flipValue, flipSig);
            expected.put(flipValue, ReasonCode.BAD_SIGNATURE);
            expected.put(
                    signedUpdate(mallory, honest("mallory", 1, 0, delta(9))),
                    ReasonCode.UNKNOWN_CLIENT);
            expected.put(signedUpdate(revoked, honest("c4", 1, 0, delta(9))), ReasonCode.REVOKED);
            expected.put(signedUpdate(expired, honest("c5", 1, 0, delta(9))), ReasonCode.EXPIRED);
            expected.put(
                    signedUpdate(clients.get("c3"), honest("c3", 1, 0, delta(9)).setRunId("run-0")),
                    ReasonCode.WRONG_RUN);
            List<byte[]> round1 = new ArrayList<>();
            for (int i = 0; i < HONEST.size(); i++) {
                String id = HONEST.get(i);
                ModelUpdate.Builder u = honest(id, 1, 0, good[i]);
                byte[] value = Codecs.modelUpdate().encode(u.build());
                byte[] signature = clients.get(id).signer().sign("ModelUpdate", value);
                if (id.equals("c2")) {
                    // A relay between c2 and the broker (SignFlipRelay) flips every sign of the
                    // delta and forwards the copy, with c2's signature, ahead of the original.
                    float[] flipped = good[i].clone();
                    for (int j = 0; j < flipped.length; j++) {
                        flipped[j] = -flipped[j];
                    }
                    byte[] relayed =
                            Codecs.modelUpdate()
                                    .encode(
                                            u.setDelta(TensorCodec.dense(flipped, SPEC.shapes()))
                                                    .build());
                    topics.appendSigned(Topics.UPDATES, id, relayed, signature);
                    expected.put(relayed, ReasonCode.BAD_SIGNATURE);
                }
                topics.appendSigned(Topics.UPDATES, id, value, signature);
                round1.add(value);
            }

            RoundTask task2 = awaitTasks(2).get(1);
            assertThat(task2.getSelectionTags())
                    .containsExactlyElementsOf(expectedTags(job, clients, 2));
            assertThat(task2.getSelectionTags()).doesNotContainAnyElementsOf(tags1);
            float[] v1 = params(awaitModels(2).get(1));
            for (int i = 0; i < v1.length; i++) {
                double mean = (good[0][i] + good[1][i] + good[2][i]) / 3.0;
                assertThat((double) v1[i]).isCloseTo(v0[i] + mean, within(1e-6));
            }

            // Round 2: c1's round-1 update replayed byte for byte, and under c2's id.
            byte[] replay = round1.get(0);
            topics.appendSigned(
                    Topics.UPDATES,
                    "c1",
                    replay,
                    clients.get("c1").signer().sign("ModelUpdate", replay));
            expected.put(replay, ReasonCode.REPLAYED);
            ModelUpdate asC2 = Codecs.modelUpdate().decode(replay);
            asC2.setClientId("c2");
            asC2.setRound(2L);
            asC2.setBaseVersion(1L);
            byte[] asC2Value = Codecs.modelUpdate().encode(asC2);
            topics.appendSigned(
                    Topics.UPDATES,
                    "c2",
                    asC2Value,
                    clients.get("c1").signer().sign("ModelUpdate", replay));
            expected.put(asC2Value, ReasonCode.BAD_SIGNATURE);
            float[] d2 = delta(-0.05f);
            for (String id : HONEST) {
                signedUpdate(clients.get(id), honest(id, 2, 1, d2));
            }
            float[] v2 = params(awaitModels(3).get(2));
            for (int i = 0; i < v2.length; i++) {
                assertThat(v2[i]).isCloseTo(v1[i] + d2[i], within(1e-6f));
            }

            Map<String, ReasonCode> bySha = new HashMap<>();
            for (Map.Entry<byte[], ReasonCode> e : expected.entrySet()) {
                bySha.put(HexFormat.of().formatHex(sha256(e.getKey())), e.getValue());
            }
            List<DeadLetter> letters;
            try {
                letters =
                        topics.await(
                                Topics.DEAD_LETTER,
                                Codecs.deadLetter(),
                                all -> reasonsBySha(all).keySet().containsAll(bySha.keySet()),
                                WAIT,
                                "a dead letter of every forged record");
            } catch (AssertionError timedOut) {
                letters = topics.read(Topics.DEAD_LETTER, Codecs.deadLetter());
            }
            Map<String, ReasonCode> found = reasonsBySha(letters);
            found.keySet().retainAll(bySha.keySet());
            assertThat(found).containsExactlyInAnyOrderEntriesOf(bySha);
            // The mallory enrollment, signed with its own key, was refused too.
            assertThat(letters)
                    .anySatisfy(
                            d -> {
                                assertThat(d.getSourceTopic()).isEqualTo(Topics.ENROLLMENTS);
                                assertThat(d.getReason()).isEqualTo(ReasonCode.BAD_SIGNATURE);
                            });
            // Every release is the job's own.
            for (GlobalModel m : awaitModels(3)) {
                assertThat(m.getRunId()).isEqualTo(RUN);
            }
            Map.of(
                            Topics.GLOBAL_MODEL, "GlobalModel",
                            Topics.ROUND_TASKS, "RoundTask",
                            Topics.METRICS, "RoundMetrics")
                    .forEach(
                            (topic, type) ->
                                    assertThat(topics.signaturesOf(topic))
                                            .as(topic)
                                            .isNotEmpty()
                                            .allMatch(v -> v.signedBy(job.publicIdentity(), type)));
        }
    }

    private static Map<String, ReasonCode> reasonsBySha(List<DeadLetter> letters) {
        Map<String, ReasonCode> out = new HashMap<>();
        for (DeadLetter d : letters) {
            if (d.getPayloadSha256() != null) {
                out.put(hex(d.getPayloadSha256()), d.getReason());
            }
        }
        return out;
    }

    /** The tags the selected clients compute on their side, sorted as the job lists them. */
    private static List<ByteBuffer> expectedTags(
            Identity job, Map<String, Identity> clients, long round) {
        List<byte[]> tags = new ArrayList<>();
        for (Identity client : clients.values()) {
            byte[] key =
                    SelectionTags.keyAtClient(
                            client.agreementKey(),
                            client.publicIdentity().agreementKey(),
                            job.publicIdentity().agreementKey());
            tags.add(SelectionTags.tag(key, RUN, MODEL, round));
        }
        tags.sort(java.util.Arrays::compareUnsigned);
        return tags.stream().map(ByteBuffer::wrap).toList();
    }

    private List<RoundTask> awaitTasks(int n) throws InterruptedException {
        return topics.await(
                Topics.ROUND_TASKS,
                Codecs.roundTask(),
                r -> r.size() >= n,
                WAIT,
                "round task " + n);
    }

    private void awaitTasksOrNot(Duration timeout) {
        try {
            topics.await(
                    Topics.ROUND_TASKS, Codecs.roundTask(), r -> !r.isEmpty(), timeout, "a task");
        } catch (AssertionError notYet) {
            // heartbeat again
        }
    }

    private List<GlobalModel> awaitModels(int n) throws InterruptedException {
        return topics.await(
                Topics.GLOBAL_MODEL, Codecs.globalModel(), r -> r.size() >= n, WAIT, n + " models");
    }
}
