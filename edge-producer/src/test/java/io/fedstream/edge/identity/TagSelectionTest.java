package io.fedstream.edge.identity;

import static io.fedstream.edge.TestIdentities.identity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.avro.Hyperparameters;
import io.fedstream.avro.RoundTask;
import io.fedstream.identity.Identity;
import io.fedstream.identity.SelectionTags;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selection by tag, with the tags computed as the job does (SelectionTags.keyAtJob). */
class TagSelectionTest {
    private final Identity job = identity("job", 100);
    private final Identity c1 = identity("client-0001", 1);
    private final Identity c2 = identity("client-0002", 2);
    private final Identity c3 = identity("client-0003", 3);

    /** The tag the job lists for {@code client} in round {@code round} of run-1, model m. */
    private byte[] jobTag(Identity client, String run, String model, long round) {
        byte[] key =
                SelectionTags.keyAtJob(
                        job.agreementKey(),
                        job.publicIdentity().agreementKey(),
                        client.publicIdentity().agreementKey());
        return SelectionTags.tag(key, run, model, round);
    }

    /** A task of run-1 listing the tags of {@code selected}, sorted as the job sorts them. */
    private RoundTask task(String run, long round, Identity... selected) {
        List<byte[]> tags = new ArrayList<>();
        for (Identity c : selected) {
            tags.add(jobTag(c, run, "m", round));
        }
        tags.sort(SelectionTags::compare);
        return RoundTask.newBuilder()
                .setModelId("m")
                .setRound(round)
                .setModelVersion(round - 1)
                .setSelectedClients(List.of())
                .setSelectionTags(tags.stream().map(ByteBuffer::wrap).toList())
                .setDeadline(Instant.EPOCH)
                .setHyperparameters(new Hyperparameters(1, 0.1, 8, 0.0))
                .setCreatedAt(Instant.EPOCH)
                .setRunId(run)
                .build();
    }

    private TagSelection own(Identity client) {
        return new TagSelection(
                client.publicIdentity().name(),
                SelectionDirectory.of(new ClientAuth(client, job.publicIdentity(), "run-1")));
    }

    @Test
    void selectsExactlyTheClientsWhoseTagTheJobListed() {
        RoundTask task = task("run-1", 5, c1, c3);
        assertThat(own(c1).selects(task)).isTrue();
        assertThat(own(c2).selects(task)).isFalse();
        assertThat(own(c3).selects(task)).isTrue();
    }

    @Test
    void aTagOfAnotherRoundOrRunDoesNotSelect() {
        // c1's tags of round 4 and of run-0, listed in a round-5 task of run-1
        RoundTask task = task("run-1", 5, c2);
        List<ByteBuffer> tags = new ArrayList<>(task.getSelectionTags());
        tags.add(ByteBuffer.wrap(jobTag(c1, "run-1", "m", 4)));
        tags.add(ByteBuffer.wrap(jobTag(c1, "run-0", "m", 5)));
        task.setSelectionTags(tags);
        assertThat(own(c1).selects(task)).isFalse();
        assertThat(own(c2).selects(task)).isTrue();
    }

    @Test
    void theIdsOfSelectedClientsAreIgnoredWithTags() {
        RoundTask task = task("run-1", 5, c2);
        task.setSelectedClients(List.of("client-0001"));
        assertThat(own(c1).selects(task)).isFalse();
    }

    @Test
    void aBufferReadElsewhereStillMatches() {
        RoundTask task = task("run-1", 5, c1);
        ByteBuffer tag = task.getSelectionTags().get(0);
        tag.get(); // someone moved the position: the selection reads the buffer's whole content
        tag.position(0);
        assertThat(own(c1).selects(task)).isTrue();
        assertThat(tag.position()).isZero();
    }

    @Test
    void aFleetDirectoryNamesTheSelectedClientsItKnowsAndMarksTheOthers() {
        Map<String, Identity> local = new LinkedHashMap<>();
        local.put("client-0001", c1);
        local.put("client-0002", c2);
        SelectionDirectory dir = SelectionDirectory.of(local, job.publicIdentity(), "run-1");
        RoundTask task = task("run-1", 5, c1, c2, c3);
        List<String> expected = new ArrayList<>();
        for (ByteBuffer t : task.getSelectionTags()) {
            byte[] b = new byte[t.remaining()];
            t.duplicate().get(b);
            if (ByteBuffer.wrap(b).equals(ByteBuffer.wrap(jobTag(c1, "run-1", "m", 5)))) {
                expected.add("client-0001");
            } else if (ByteBuffer.wrap(b).equals(ByteBuffer.wrap(jobTag(c2, "run-1", "m", 5)))) {
                expected.add("client-0002");
            } else {
                expected.add("tag:" + HexFormat.of().formatHex(jobTag(c3, "run-1", "m", 5)));
            }
        }
        assertThat(new TagSelection("client-0001", dir).selectedClients(task))
                .containsExactlyElementsOf(expected)
                .hasSize(3);
        assertThat(dir.toString())
                .doesNotContain(HexFormat.of().formatHex(jobTag(c1, "run-1", "m", 5)));
    }

    @Test
    void aDirectoryWithoutTheClientsKeyIsRefused() {
        SelectionDirectory dir =
                SelectionDirectory.of(Map.of("client-0002", c2), job.publicIdentity(), "run-1");
        assertThatThrownBy(() -> new TagSelection("client-0001", dir))
                .hasMessageContaining("client-0001");
    }
}
