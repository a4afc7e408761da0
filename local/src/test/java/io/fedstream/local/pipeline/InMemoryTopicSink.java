package io.fedstream.local.pipeline;

import io.fedstream.job.types.OutboundRecord;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Appends each of the job's records to the {@link InMemoryTopics} topic it names, at once. */
final class InMemoryTopicSink implements Sink<OutboundRecord> {
    private static final long serialVersionUID = 1L;

    private final String topicsId;

    InMemoryTopicSink(String topicsId) {
        this.topicsId = topicsId;
    }

    @Override
    public SinkWriter<OutboundRecord> createWriter(WriterInitContext context) {
        InMemoryTopics topics = InMemoryTopics.lookup(topicsId);
        return new SinkWriter<>() {
            @Override
            public void write(OutboundRecord record, Context context) {
                topics.append(record.topic, record.key, record.value, record.signature);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
