package io.fedstream.job.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The digest of a round's membership, which the round's DP noise is bound to: SHA-256 over the
 * number of admitted clients (4 bytes, big-endian), then for each admitted client id in ascending
 * {@link String#compareTo} order its UTF-8 length (4 bytes, big-endian) and bytes; written as 64
 * lowercase hex digits.
 *
 * <p>Why: the noise of a round is a pure function of (key, model, round, stream). Were it not also
 * a function of who took part, a round computed twice with different members (a failed attempt,
 * aborted but readable by a read_uncommitted consumer, and its recomputation after a restore) would
 * release two sums under the same noise, and their difference would be the difference of the two
 * sums in the clear: one client's update when the memberships differ by one. With the digest in the
 * stream name, a recomputation with the same members releases the same model, and one with other
 * members draws independent noise.
 *
 * <p>The client ids determine the admitted updates: a client has at most one admitted update per
 * round, the first in log order, and a restored job replays the log from its checkpoint.
 */
public final class Membership {
    private Membership() {}

    /** The digest of the first {@code count} ids of {@code ids} (not modified; any order). */
    public static String digest(String[] ids, int count) {
        String[] sorted = Arrays.copyOf(ids, count);
        Arrays.sort(sorted);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(4).putInt(count).array());
        for (String id : sorted) {
            byte[] b = id.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
            sha.update(b);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The noise stream of a round's {@code purpose} ("update", "clipped-count") for members. */
    public static String stream(String purpose, String membershipDigest) {
        return membershipDigest == null ? purpose : purpose + "|" + membershipDigest;
    }
}
