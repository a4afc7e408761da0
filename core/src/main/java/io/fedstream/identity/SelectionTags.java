package io.fedstream.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a RoundTask names its selected clients without listing their ids: one 16-byte tag per
 * selected client,
 *
 * <pre>
 *   tag = HMAC-SHA256(k, "FedStream selection tag v1" 0x00 run_id 0x00 model_id 0x00 round)[0..16)
 *   k   = PairKeys(job, client, purpose "selection")
 * </pre>
 *
 * with {@code round} as 8 bytes big-endian. Only the job and that client can compute {@code k}, so
 * only they can tell whose tag it is; a tag is new every round and every run, so tags of two rounds
 * cannot be linked. The task lists the tags sorted, so their order says nothing either.
 */
public final class SelectionTags {
    public static final int TAG_BYTES = 16;
    public static final String PURPOSE = "selection";

    private static final byte[] LABEL =
            "FedStream selection tag v1".getBytes(StandardCharsets.US_ASCII);

    private SelectionTags() {}

    /** The pair key the job uses for a client's tags. */
    public static byte[] keyAtJob(PrivateKey jobAgreement, byte[] jobPublic, byte[] clientPublic) {
        return PairKeys.atJob(jobAgreement, jobPublic, clientPublic, PURPOSE);
    }

    /** The same key, at the client. */
    public static byte[] keyAtClient(
            PrivateKey clientAgreement, byte[] clientPublic, byte[] jobPublic) {
        return PairKeys.atClient(clientAgreement, clientPublic, jobPublic, PURPOSE);
    }

    /** The tag of the client whose pair key is {@code key}, for one round of one run. */
    public static byte[] tag(byte[] key, String runId, String modelId, long round) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(LABEL);
            mac.update((byte) 0);
            mac.update(runId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(modelId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(round).array());
            return Arrays.copyOf(mac.doFinal(), TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Unsigned lexicographic order of tags, the order a RoundTask lists them in. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
