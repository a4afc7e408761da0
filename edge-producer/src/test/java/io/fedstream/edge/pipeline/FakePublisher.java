package io.fedstream.edge.pipeline;

import io.fedstream.avro.ModelUpdate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what a pipeline publishes; once closed it refuses, as the Kafka sender does. */
final class FakePublisher implements UpdatePublisher {
    private final List<ModelUpdate> published = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public boolean publish(ModelUpdate update) {
        if (closed) {
            return false;
        }
        published.add(update);
        return true;
    }

    void close() {
        closed = true;
    }

    List<ModelUpdate> published() {
        return published;
    }
}
