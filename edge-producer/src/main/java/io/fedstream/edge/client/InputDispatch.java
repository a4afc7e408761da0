package io.fedstream.edge.client;

import io.fedstream.contract.WireFormatException;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.identity.JobRecordCheck;
import io.fedstream.identity.RejectionCounts;
import io.fedstream.identity.SignedRecords;
import io.fedstream.identity.VerifiedRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each consumed record of the task and model topics to {@link InputRecords} with its
 * signature headers; a refused job record is counted by cause and the first of each cause logged,
 * an undecodable one logged and skipped. Never throws for a record's content.
 */
final class InputDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(InputDispatch.class);

    private final String clientId;
    private final InputRecords records;
    private final RejectionCounts rejections;

    InputDispatch(String clientId, InputRecords records, RejectionCounts rejections) {
        this.clientId = clientId;
        this.records = records;
        this.rejections = rejections;
    }

    /** The input of the client {@code config} describes, feeding {@code follower}. */
    static InputDispatch of(
            EdgeClientConfig config,
            RoundFollower follower,
            RejectionCounts rejections,
            VerifiedRecords verified) {
        ClientAuth auth = config.auth();
        return new InputDispatch(
                config.clientId(),
                new InputRecords(
                        config.roundTasksTopic(),
                        follower,
                        auth == null
                                ? null
                                : new JobRecordCheck(auth.job(), auth.runId(), verified)),
                rejections);
    }

    void dispatch(ConsumerRecord<String, byte[]> record) {
        try {
            records.accept(
                            record.topic(),
                            record.value(),
                            header(record, SignedRecords.SIGNATURE_HEADER),
                            header(record, SignedRecords.SIGNER_HEADER),
                            record.topic() + "-" + record.partition() + "@" + record.offset())
                    .ifPresent(
                            refused -> {
                                if (rejections.count(refused.why())) {
                                    LOG.warn(
                                            "{}: refusing {}-{}@{}: {} ({}); further {} records"
                                                    + " are counted, not logged",
                                            clientId,
                                            record.topic(),
                                            record.partition(),
                                            record.offset(),
                                            refused.why(),
                                            refused.detail(),
                                            refused.why());
                                }
                            });
        } catch (WireFormatException e) {
            LOG.warn(
                    "{}: skipping undecodable record {}-{}@{} ({}): {}",
                    clientId,
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.kind(),
                    e.getMessage());
        }
    }

    private static byte[] header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : h.value();
    }
}
