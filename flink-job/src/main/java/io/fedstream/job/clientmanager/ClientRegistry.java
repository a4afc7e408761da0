package io.fedstream.job.clientmanager;

import java.util.Iterator;
import java.util.Map;

/**
 * The clients a model has heard from, each with the time of its last heartbeat. The job keeps it in
 * keyed state (an adapter over Flink's {@code MapState}); tests use a map.
 */
public interface ClientRegistry {
    /** Records that {@code clientId} was heard from at {@code time} (milliseconds). */
    void put(String clientId, long time) throws Exception;

    /** Every registered client with its last-heard time; {@link Iterator#remove} forgets one. */
    Iterator<Map.Entry<String, Long>> entries() throws Exception;
}
