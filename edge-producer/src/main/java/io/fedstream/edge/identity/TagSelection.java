package io.fedstream.edge.identity;

import io.fedstream.avro.RoundTask;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Selection by tag (authentication on): a task selects this client iff its {@code selection_tags}
 * hold the client's tag for the task's run, model id and round ({@code
 * io.fedstream.identity.SelectionTags}); {@code selected_clients} is not looked at, since the job
 * leaves it empty when it lists tags.
 */
public final class TagSelection implements TaskSelection {
    private final String clientId;
    private final SelectionDirectory directory;

    /**
     * @param directory the keys this client knows; must hold its own
     */
    public TagSelection(String clientId, SelectionDirectory directory) {
        if (!directory.knows(clientId)) {
            throw new IllegalArgumentException(
                    "the selection directory has no key of client " + clientId);
        }
        this.clientId = clientId;
        this.directory = directory;
    }

    @Override
    public boolean selects(RoundTask task) {
        byte[] own = directory.tagOf(clientId, task);
        for (ByteBuffer tag : task.getSelectionTags()) {
            if (Arrays.equals(own, SelectionDirectory.bytes(tag))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<String> selectedClients(RoundTask task) {
        return directory.resolve(task);
    }
}
