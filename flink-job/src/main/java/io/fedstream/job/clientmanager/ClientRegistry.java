package io.fedstream.job.clientmanager;

import java.util.Iterator;
import java.util.Map;

/**
 * The clients a model has heard from, each with the time of its last heartbeat, and how many there
 * are. The job keeps it in keyed state (an adapter over Flink's {@code MapState} with the count in
 * a {@code ValueState}); tests use a map.
 */
public interface ClientRegistry {
    /**
     * Records that {@code clientId} was heard from at {@code time} (milliseconds).
     *
     * @return whether {@code clientId} was not registered before (the count grew by one)
     */
    boolean put(String clientId, long time) throws Exception;

    /** Forgets {@code clientId}, if registered. */
    void remove(String clientId) throws Exception;

    /**
     * Every registered client with its last-heard time, in no promised order; {@link
     * Iterator#remove} forgets one.
     */
    Iterator<Map.Entry<String, Long>> entries() throws Exception;

    /** How many clients are registered, without iterating them. */
    int size() throws Exception;

    /**
     * Records the enrolled X25519 key of a registered client (client-auth signed), kept as long as
     * the client is registered and forgotten with it.
     */
    default void putAgreementKey(String clientId, byte[] key) throws Exception {
        throw new UnsupportedOperationException("this registry keeps no keys");
    }

    /** The X25519 key of a registered client, or null if none was recorded. */
    default byte[] agreementKey(String clientId) throws Exception {
        return null;
    }
}
