package io.fedstream.job.round;

import io.fedstream.job.types.OutboundRecord;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * What the release needs of the job's identity (client-auth signed): the run id every record
 * carries, the job's signature on each record, and the selection tags that stand for the selected
 * clients' ids in a round task.
 */
public interface ReleaseSigning {
    String runId();

    /** Signs {@code record}, a value of {@code recordType}, in place. */
    OutboundRecord sign(OutboundRecord record, String recordType);

    /** The sorted selection tags of the clients with these X25519 keys, for one round. */
    List<ByteBuffer> selectionTags(byte[][] agreementKeys, String modelId, long round);
}
