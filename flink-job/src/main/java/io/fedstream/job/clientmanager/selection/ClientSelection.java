package io.fedstream.job.clientmanager.selection;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;

/**
 * How the clients of a round are chosen among the alive ones. Implementations are deterministic in
 * (their seed, the round, the set of candidates), so a restored job selects the same clients.
 */
public interface ClientSelection extends Serializable {
    /**
     * The most clients a round task lists: 10,000 ids of at most 128 characters (514 bytes in UTF-8
     * with their length) take 5.1 MB, within one Kafka record of the contract's 8 MiB.
     */
    int MAX_SELECTED = 10_000;

    /** The clients selected for {@code round}, sorted. */
    List<String> select(Collection<String> candidates, long round);
}
