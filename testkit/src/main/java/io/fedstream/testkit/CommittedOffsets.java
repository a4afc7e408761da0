package io.fedstream.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets a consumer group has committed, for tests that must know a Flink job has consumed a
 * record: Flink's Kafka source commits its offsets when a checkpoint completes, so a committed
 * offset past a record means the record was read before a barrier of a completed checkpoint, and
 * every operator downstream had processed it before snapshotting that checkpoint.
 */
public final class CommittedOffsets implements AutoCloseable {
    private final Admin admin;
    private final String group;

    public CommittedOffsets(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
        this.group = group;
    }

    /** The group's committed offset of {@code partition} (the next offset to read), or -1. */
    public long committed(TopicPartition partition) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            OffsetAndMetadata o = offsets.get(partition);
            return o == null ? -1 : o.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading offsets of " + group, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot read the offsets of group " + group + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until the group has committed an offset past {@code offset} of {@code partition}, or
     * fails after {@code timeout}.
     */
    public void awaitPast(TopicPartition partition, long offset, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long committed;
        while ((committed = committed(partition)) <= offset) {
            if (System.nanoTime() > end) {
                throw new AssertionError(
                        "timed out after "
                                + timeout
                                + " waiting for group "
                                + group
                                + " to commit past "
                                + partition
                                + "@"
                                + offset
                                + "; committed "
                                + committed);
            }
            Thread.sleep(100); // a poll interval: the wait ends on the positive event
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
