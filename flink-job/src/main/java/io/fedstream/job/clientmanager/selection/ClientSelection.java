package io.fedstream.job.clientmanager.selection;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * How the clients of a round are chosen among the alive ones. Implementations are deterministic in
 * (their seed, the round, the set of candidates), so a restored job selects the same clients.
 */
public interface ClientSelection extends Serializable {
    /** The clients selected for {@code round}, sorted. */
    List<String> select(Collection<String> candidates, long round);
}
