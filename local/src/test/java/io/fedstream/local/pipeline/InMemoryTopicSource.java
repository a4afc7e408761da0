package io.fedstream.local.pipeline;

import io.fedstream.job.types.RawRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Reads one {@link InMemoryTopics} topic from offset 0 as {@link RawRecord}s, in order: the whole
 * topic is one split, given to one reader (any other subtask has nothing to read and finishes). The
 * reader waits without blocking for the next record and ends after {@link InMemoryTopics#end()};
 * the source is therefore bounded.
 */
final class InMemoryTopicSource
        implements Source<RawRecord, InMemoryTopicSource.TopicSplit, Boolean> {
    private static final long serialVersionUID = 1L;

    private final String topicsId;
    private final String topic;

    InMemoryTopicSource(String topicsId, String topic) {
        this.topicsId = topicsId;
        this.topic = topic;
    }

    /** The topic and the next offset to read. */
    record TopicSplit(String topic, long offset) implements SourceSplit {
        @Override
        public String splitId() {
            return topic;
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, TopicSplit> createReader(SourceReaderContext context) {
        return new Reader(InMemoryTopics.lookup(topicsId));
    }

    @Override
    public SplitEnumerator<TopicSplit, Boolean> createEnumerator(
            SplitEnumeratorContext<TopicSplit> context) {
        return new Enumerator(context, new ArrayList<>(List.of(new TopicSplit(topic, 0))));
    }

    @Override
    public SplitEnumerator<TopicSplit, Boolean> restoreEnumerator(
            SplitEnumeratorContext<TopicSplit> context, Boolean assigned) {
        List<TopicSplit> unassigned = new ArrayList<>();
        if (!assigned) {
            unassigned.add(new TopicSplit(topic, 0));
        }
        return new Enumerator(context, unassigned);
    }

    @Override
    public SimpleVersionedSerializer<TopicSplit> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Boolean> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Boolean assigned) {
                return new byte[] {(byte) (assigned ? 1 : 0)};
            }

            @Override
            public Boolean deserialize(int version, byte[] bytes) {
                return bytes[0] == 1;
            }
        };
    }

    /**
     * Hands the split to the first reader that registers and tells every reader there is no more.
     */
    private static final class Enumerator implements SplitEnumerator<TopicSplit, Boolean> {
        private final SplitEnumeratorContext<TopicSplit> context;
        private final List<TopicSplit> unassigned;

        Enumerator(SplitEnumeratorContext<TopicSplit> context, List<TopicSplit> unassigned) {
            this.context = context;
            this.unassigned = unassigned;
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<TopicSplit> splits, int subtaskId) {
            unassigned.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            for (TopicSplit split : unassigned) {
                context.assignSplit(split, subtaskId);
            }
            unassigned.clear();
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public Boolean snapshotState(long checkpointId) {
            return unassigned.isEmpty();
        }

        @Override
        public void close() {}
    }

    private static final class Reader implements SourceReader<RawRecord, TopicSplit> {
        private final InMemoryTopics topics;
        private final CompletableFuture<Void> assigned = new CompletableFuture<>();
        private String topic;
        private long offset;
        private boolean noMoreSplits;

        Reader(InMemoryTopics topics) {
            this.topics = topics;
        }

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<RawRecord> output) {
            if (topic == null) {
                return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
            }
            InMemoryTopics.Entry e = topics.get(topic, offset);
            if (e != null) {
                RawRecord raw = new RawRecord(topic, 0, offset, e.timestamp(), e.key(), e.value());
                raw.signature = e.signature();
                output.collect(raw, e.timestamp());
                offset++;
                return InputStatus.MORE_AVAILABLE;
            }
            return topics.ended() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return topic == null ? assigned : topics.whenReadable(topic, offset);
        }

        @Override
        public List<TopicSplit> snapshotState(long checkpointId) {
            return topic == null ? List.of() : List.of(new TopicSplit(topic, offset));
        }

        @Override
        public void addSplits(List<TopicSplit> splits) {
            TopicSplit split = splits.get(0);
            topic = split.topic();
            offset = split.offset();
            assigned.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            assigned.complete(null);
        }

        @Override
        public void close() {}
    }

    private static final class SplitSerializer implements SimpleVersionedSerializer<TopicSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(TopicSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.topic());
                out.writeLong(split.offset());
            }
            return bytes.toByteArray();
        }

        @Override
        public TopicSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return new TopicSplit(in.readUTF(), in.readLong());
            }
        }
    }
}
