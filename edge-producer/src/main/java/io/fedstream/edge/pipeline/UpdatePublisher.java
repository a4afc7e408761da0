package io.fedstream.edge.pipeline;

import io.fedstream.avro.ModelUpdate;

/**
 * Where {@link PublishStage} hands finished updates: the client's Kafka producer, or a fake that
 * collects them in a test.
 */
@FunctionalInterface
public interface UpdatePublisher {
    /**
     * Sends {@code update} without waiting for the acknowledgement.
     *
     * @return false if the client is closing and nothing was sent
     */
    boolean publish(ModelUpdate update);
}
