package io.fedstream.edge.client;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.identity.JobRecordCheck;
import io.fedstream.identity.JobRecordCheck.Accepted;
import io.fedstream.identity.JobRecordCheck.Rejected;
import java.util.Optional;

/**
 * What an edge client does with one record of its input topics, without Kafka: a round task or a
 * global model is decoded and handed to the {@link RoundFollower}; a record that does not decode
 * leaves the follower as it was. With authentication on, a record reaches the follower only if the
 * {@link JobRecordCheck} accepts it (signed by the job, of this run): a forged model or task
 * changes nothing.
 */
final class InputRecords {
    private final String roundTasksTopic;
    private final RoundFollower follower;
    private final JobRecordCheck check; // null: authentication off
    private final WireCodec<RoundTask> taskCodec = Codecs.roundTask();
    private final WireCodec<GlobalModel> modelCodec = Codecs.globalModel();

    /**
     * @param roundTasksTopic records of this topic are round tasks, all others global models
     */
    InputRecords(String roundTasksTopic, RoundFollower follower) {
        this(roundTasksTopic, follower, null);
    }

    /**
     * @param check what a record must pass to reach the follower; null with authentication off
     */
    InputRecords(String roundTasksTopic, RoundFollower follower, JobRecordCheck check) {
        this.roundTasksTopic = roundTasksTopic;
        this.follower = follower;
        this.check = check;
    }

    /**
     * Feeds an unauthenticated record (authentication off).
     *
     * @throws WireFormatException if the record does not decode (the caller logs and skips it)
     */
    void accept(String topic, byte[] value) throws WireFormatException {
        if (check != null) {
            throw new IllegalStateException("authentication is on: pass the record's headers");
        }
        if (topic.equals(roundTasksTopic)) {
            follower.onRoundTask(taskCodec.decode(value));
        } else {
            follower.onGlobalModel(modelCodec.decode(value));
        }
    }

    /**
     * Feeds a record with its signature headers (null where absent); without a check they are
     * ignored.
     *
     * @return why the record was refused; empty if it reached the follower
     * @throws WireFormatException if authentication is off and the record does not decode
     */
    Optional<Rejected<?>> accept(String topic, byte[] value, byte[] signature, byte[] signer)
            throws WireFormatException {
        return accept(topic, value, signature, signer, null);
    }

    /**
     * As {@link #accept(String, byte[], byte[], byte[])} for the record at {@code position}
     * (topic-partition@offset), whose signature a sibling client may have verified already.
     */
    Optional<Rejected<?>> accept(
            String topic, byte[] value, byte[] signature, byte[] signer, String position)
            throws WireFormatException {
        if (check == null) {
            accept(topic, value);
            return Optional.empty();
        }
        if (topic.equals(roundTasksTopic)) {
            JobRecordCheck.Result<RoundTask> r =
                    check.check(taskCodec, RoundTask::getRunId, value, signature, signer, position);
            if (r instanceof Accepted<RoundTask> a) {
                follower.onRoundTask(a.record());
                return Optional.empty();
            }
            return Optional.of((Rejected<?>) r);
        }
        JobRecordCheck.Result<GlobalModel> r =
                check.check(modelCodec, GlobalModel::getRunId, value, signature, signer, position);
        if (r instanceof Accepted<GlobalModel> a) {
            follower.onGlobalModel(a.record());
            return Optional.empty();
        }
        return Optional.of((Rejected<?>) r);
    }
}
