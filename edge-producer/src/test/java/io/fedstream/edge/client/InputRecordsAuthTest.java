package io.fedstream.edge.client;

import static io.fedstream.edge.TestIdentities.identity;
import static io.fedstream.edge.client.RoundFollowerTest.model;
import static io.fedstream.edge.client.RoundFollowerTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.edge.identity.SelectionDirectory;
import io.fedstream.edge.identity.TagSelection;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.identity.Identity;
import io.fedstream.identity.JobRecordCheck;
import io.fedstream.identity.JobRecordCheck.Rejected;
import io.fedstream.identity.JobRecordCheck.Rejection;
import io.fedstream.identity.SelectionTags;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An authenticating client's inputs: only the job's signed records of the run reach the follower,
 * and a task selects the client by its tag.
 */
class InputRecordsAuthTest {
    private static final String TASKS = "tasks";
    private static final String MODELS = "models";
    private static final String ME = "client-0001";

    private final Identity job = identity("job", 100);
    private final Identity intruder = identity("job", 101); // same name, other keys
    private final Identity me = identity(ME, 1);
    private final ClientAuth auth = new ClientAuth(me, job.publicIdentity(), "run-1");
    private final RoundFollower follower =
            new RoundFollower(
                    ME,
                    "m",
                    RoundFollower.DEFAULT_MODELS_KEPT,
                    new TagSelection(ME, SelectionDirectory.of(auth)));
    private final InputRecords records =
            new InputRecords(TASKS, follower, new JobRecordCheck(job.publicIdentity(), "run-1"));

    /** A record as some writer puts it on a topic: value and the two headers (null if absent). */
    private record Written(byte[] value, byte[] signature, byte[] signer) {}

    private static Written signedBy(Identity writer, String type, byte[] value) {
        return new Written(
                value,
                writer.signer().sign(type, value),
                writer.publicIdentity().keyId().getBytes(StandardCharsets.US_ASCII));
    }

    private static Written unsigned(byte[] value) {
        return new Written(value, null, null);
    }

    private static byte[] bytes(GlobalModel m) {
        return Codecs.globalModel().encode(m);
    }

    private static byte[] bytes(RoundTask t) {
        return Codecs.roundTask().encode(t);
    }

    private GlobalModel runModel(long version, boolean complete) {
        GlobalModel m = model("m", version, complete, 0.25f);
        m.setRunId("run-1");
        return m;
    }

    /** Round {@code round}'s task of run-1 selecting this client by the tag the job computes. */
    private RoundTask taggedTask(long round, long version) {
        byte[] key =
                SelectionTags.keyAtJob(
                        job.agreementKey(),
                        job.publicIdentity().agreementKey(),
                        me.publicIdentity().agreementKey());
        RoundTask t = task("m", round, version);
        t.setRunId("run-1");
        t.setSelectionTags(List.of(ByteBuffer.wrap(SelectionTags.tag(key, "run-1", "m", round))));
        return t;
    }

    private Optional<Rejection> feed(String topic, Written w) throws Exception {
        return records.accept(topic, w.value(), w.signature(), w.signer()).map(Rejected::why);
    }

    @Test
    void answersASignedTaskThatSelectsItsTagFromASignedModel() throws Exception {
        assertThat(feed(MODELS, signedBy(job, "GlobalModel", bytes(runModel(0, false))))).isEmpty();
        assertThat(feed(TASKS, signedBy(job, "RoundTask", bytes(taggedTask(1, 0))))).isEmpty();

        RoundWork work = follower.nextWork().orElseThrow();
        assertThat(work.round()).isEqualTo(1);
        assertThat(work.parameters()).containsOnly(0.25f);
        assertThat(work.selectedClients()).containsExactly(ME);
    }

    @Test
    void aForgedFinalModelChangesNothing() throws Exception {
        GlobalModel forged = runModel(1L << 62, true);
        assertThat(feed(MODELS, unsigned(bytes(forged)))).contains(Rejection.UNSIGNED);
        assertThat(feed(MODELS, signedBy(intruder, "GlobalModel", bytes(forged))))
                .contains(Rejection.OTHER_SIGNER);
        // signed by the intruder, claiming the job's key id
        Written claimed =
                new Written(
                        bytes(forged),
                        intruder.signer().sign("GlobalModel", bytes(forged)),
                        job.publicIdentity().keyId().getBytes(StandardCharsets.US_ASCII));
        assertThat(feed(MODELS, claimed)).contains(Rejection.BAD_SIGNATURE);

        assertThat(follower.trainingComplete()).isFalse();
        assertThat(follower.latestModelVersion()).isEmpty();
    }

    @Test
    void aTamperedOrOtherRunTaskIsRefused() throws Exception {
        feed(MODELS, signedBy(job, "GlobalModel", bytes(runModel(0, false))));
        Written genuine = signedBy(job, "RoundTask", bytes(taggedTask(1, 0)));
        byte[] tampered = genuine.value().clone();
        tampered[tampered.length - 1] ^= 1;
        assertThat(feed(TASKS, new Written(tampered, genuine.signature(), genuine.signer())))
                .contains(Rejection.BAD_SIGNATURE);
        RoundTask otherRun = taggedTask(1, 0);
        otherRun.setRunId("run-0");
        assertThat(feed(TASKS, signedBy(job, "RoundTask", bytes(otherRun))))
                .contains(Rejection.WRONG_RUN);
        assertThat(feed(TASKS, unsigned(new byte[] {1, 2, 3}))).contains(Rejection.UNSIGNED);

        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void aSignedTaskListingTheIdButNotTheTagDoesNotSelect() throws Exception {
        feed(MODELS, signedBy(job, "GlobalModel", bytes(runModel(0, false))));
        RoundTask byId = task("m", 1, 0, ME);
        byId.setRunId("run-1");
        assertThat(feed(TASKS, signedBy(job, "RoundTask", bytes(byId)))).isEmpty();
        assertThat(follower.nextWork()).isEmpty();
    }

    @Test
    void withoutACheckHeadersAreIgnoredAsBefore() throws Exception {
        RoundFollower plain = new RoundFollower(ME, "m");
        InputRecords off = new InputRecords(TASKS, plain);
        assertThat(off.accept(MODELS, bytes(model("m", 0, false, 0f)), null, null)).isEmpty();
        assertThat(off.accept(TASKS, bytes(task("m", 1, 0, ME)), null, null)).isEmpty();
        assertThat(plain.nextWork()).isPresent();
    }
}
