package io.fedstream.job.clientmanager.identity;

import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.RecordSigner;
import io.fedstream.identity.RecordVerifier;
import io.fedstream.identity.SelectionTags;
import io.fedstream.job.clientmanager.guard.ReadBackTrust;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.round.ReleaseSigning;
import io.fedstream.job.types.OutboundRecord;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's own identity at run time: it signs every record the job publishes, names the selected
 * clients of a round task by {@link SelectionTags}, and checks that a record read back from the
 * job's own topics is the job's. Loaded from the {@code job-identity} file in an operator's {@code
 * open()}, so the private key is never in the job graph; not serializable on purpose.
 */
public final class JobIdentity implements ReleaseSigning, ReadBackTrust {
    private final Identity identity;
    private final String runId;
    private final RecordSigner signer;
    private final RecordVerifier verifier;
    private final byte[] agreementPublic;

    public JobIdentity(Identity identity, String runId) {
        this.identity = identity;
        this.runId = runId;
        this.signer = identity.signer();
        this.verifier = identity.publicIdentity().verifier();
        this.agreementPublic = identity.publicIdentity().agreementKey();
    }

    /** The job's identity as {@code config} names it, or null with client-auth off. */
    public static JobIdentity load(JobConfig config) {
        if (config.get(IdentityOptions.CLIENT_AUTH) != ClientAuth.SIGNED) {
            return null;
        }
        Identity identity =
                IdentityFiles.read(Path.of(config.getOptional(IdentityOptions.JOB_IDENTITY).get()));
        return new JobIdentity(identity, config.getOptional(IdentityOptions.RUN_ID).get());
    }

    @Override
    public String runId() {
        return runId;
    }

    /** Signs {@code record} (a {@code recordType} value) in place. */
    @Override
    public OutboundRecord sign(OutboundRecord record, String recordType) {
        record.signature = signer.sign(recordType, record.value);
        record.signer = signer.keyId();
        return record;
    }

    /** Whether {@code value} of {@code recordType} carries the job's own signature. */
    @Override
    public boolean signedByJob(String recordType, byte[] value, byte[] signature) {
        return verifier.verify(recordType, value, signature);
    }

    /**
     * The selection tags of a round task: one per selected client, from its enrolled X25519 key,
     * sorted so that their order says nothing.
     */
    @Override
    public List<ByteBuffer> selectionTags(byte[][] agreementKeys, String modelId, long round) {
        if (agreementKeys == null) {
            return List.of(); // a summary from state written before selection tags
        }
        List<byte[]> tags = new ArrayList<>(agreementKeys.length);
        for (byte[] clientKey : agreementKeys) {
            if (clientKey == null) {
                continue; // registered without an enrolled key (state from client-auth off)
            }
            byte[] key =
                    SelectionTags.keyAtJob(identity.agreementKey(), agreementPublic, clientKey);
            tags.add(SelectionTags.tag(key, runId, modelId, round));
        }
        tags.sort(SelectionTags::compare);
        List<ByteBuffer> out = new ArrayList<>(tags.size());
        for (byte[] t : tags) {
            out.add(ByteBuffer.wrap(t));
        }
        return out;
    }
}
