package io.fedstream.edge.identity;

import io.fedstream.avro.RoundTask;
import java.util.List;

/** How a client tells whether a round task selects it, and whom else it selects. */
public interface TaskSelection {
    /** Whether {@code task} selects this client. */
    boolean selects(RoundTask task);

    /**
     * The round's selected clients as far as this client can tell, one entry per selected client:
     * the ids it knows, a placeholder for the others (the attack simulation's colluders count and
     * await them).
     */
    List<String> selectedClients(RoundTask task);

    /** Selection by the ids the task lists in {@code selected_clients} (authentication off). */
    static TaskSelection byId(String clientId) {
        return new TaskSelection() {
            @Override
            public boolean selects(RoundTask task) {
                return task.getSelectedClients().contains(clientId);
            }

            @Override
            public List<String> selectedClients(RoundTask task) {
                return List.copyOf(task.getSelectedClients());
            }
        };
    }

    /**
     * How a client with {@code auth} (null: authentication off) recognizes its selection: by tag
     * with the keys of {@code directory} (a fleet's shared keys; null: the client's own), else by
     * id.
     */
    static TaskSelection of(String clientId, ClientAuth auth, SelectionDirectory directory) {
        if (auth == null) {
            return byId(clientId);
        }
        return new TagSelection(
                clientId, directory != null ? directory : SelectionDirectory.of(auth));
    }
}
