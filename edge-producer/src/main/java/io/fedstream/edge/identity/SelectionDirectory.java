package io.fedstream.edge.identity;

import io.fedstream.avro.RoundTask;
import io.fedstream.identity.Identity;
import io.fedstream.identity.PublicIdentity;
import io.fedstream.identity.SelectionTags;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The selection pair keys ({@link SelectionTags#keyAtClient}) of the clients one party knows, to
 * tell whose tag is whose in a round task. A device knows only its own; a simulated fleet whose
 * attack colludes gives its clients the keys of all the clients of its process (the simulation's
 * omniscient coalition, as {@code CollusionBoard} shares their updates). The keys are secrets
 * shared with the job: never logged, never leave the process. Immutable, so thread-safe.
 */
public final class SelectionDirectory {
    /** Prefix of the placeholder for a selected client whose tag no known key gives. */
    public static final String UNKNOWN_PREFIX = "tag:";

    private final Map<String, byte[]> keys; // client id -> pair key
    private final String runId;

    private SelectionDirectory(Map<String, byte[]> keys, String runId) {
        this.keys = keys;
        this.runId = runId;
    }

    /**
     * The pair keys of {@code identities} (by client id) with the job's public key, for run {@code
     * runId}.
     *
     * @throws IllegalArgumentException if the job's agreement key gives no key (a small-order
     *     point)
     */
    public static SelectionDirectory of(
            Map<String, Identity> identities, PublicIdentity job, String runId) {
        Objects.requireNonNull(runId, "runId");
        byte[] jobPublic = job.agreementKey();
        Map<String, byte[]> keys = new LinkedHashMap<>();
        identities.forEach(
                (id, identity) ->
                        keys.put(
                                id,
                                SelectionTags.keyAtClient(
                                        identity.agreementKey(),
                                        identity.publicIdentity().agreementKey(),
                                        jobPublic)));
        return new SelectionDirectory(Map.copyOf(keys), runId);
    }

    /** The directory of one client: its own key only. */
    public static SelectionDirectory of(ClientAuth auth) {
        return of(Map.of(auth.clientId(), auth.identity()), auth.job(), auth.runId());
    }

    public String runId() {
        return runId;
    }

    /** Whether the key of {@code clientId} is known. */
    public boolean knows(String clientId) {
        return keys.containsKey(clientId);
    }

    /** The tag of {@code clientId} in {@code task}'s round. */
    public byte[] tagOf(String clientId, RoundTask task) {
        byte[] key = keys.get(clientId);
        if (key == null) {
            throw new IllegalArgumentException("no selection key of client " + clientId);
        }
        return SelectionTags.tag(key, runId, task.getModelId(), task.getRound());
    }

    /**
     * One entry per tag of {@code task}, in the task's order: the known client's id, or {@link
     * #UNKNOWN_PREFIX} and the tag in hex.
     */
    public List<String> resolve(RoundTask task) {
        Map<ByteBuffer, String> byTag = new HashMap<>();
        for (String id : keys.keySet()) {
            byTag.put(ByteBuffer.wrap(tagOf(id, task)), id);
        }
        List<String> out = new ArrayList<>(task.getSelectionTags().size());
        for (ByteBuffer tag : task.getSelectionTags()) {
            byte[] b = bytes(tag);
            String id = byTag.get(ByteBuffer.wrap(b));
            out.add(id != null ? id : UNKNOWN_PREFIX + HexFormat.of().formatHex(b));
        }
        return out;
    }

    /** The remaining bytes of {@code buffer}, without moving its position. */
    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer d = buffer.duplicate();
        byte[] b = new byte[d.remaining()];
        d.get(b);
        return b;
    }

    @Override
    public String toString() {
        return "SelectionDirectory{run " + runId + ", " + keys.size() + " clients, keys not shown}";
    }
}
