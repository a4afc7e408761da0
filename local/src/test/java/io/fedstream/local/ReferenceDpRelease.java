package io.fedstream.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The central DP-FedAvg release written a second time, from its specification and without the job's
 * classes, so that a test can recompute a released model independently of {@code DpRelease}, {@code
 * L2Clip} and {@code KeyedGaussianNoise}.
 *
 * <p>Specification (README "Privacy", the Javadoc of KeyedGaussianNoise and DpPlan): each update is
 * clipped to L2 norm C, x · min(1, C / ‖x‖), in float; the clipped updates are summed with uniform
 * weights; N(0, (z C)²) is added to each coordinate of the sum; the result is divided by the
 * expected number of clients q N. The noise of coordinate i comes from a keystream: AES-128 key =
 * the first 16 bytes of HMAC-SHA256(secret, "fedstream-noise|MODEL|ROUND|update|MEMBERS"), MEMBERS
 * being the hex SHA-256 of the round's admitted client ids (their count as 4 big-endian bytes, then
 * per id in sorted order its UTF-8 length as 4 big-endian bytes and its bytes), counter block b = 8
 * zero bytes then b as a big-endian long; the 16 keystream bytes of block b are two big-endian
 * longs w1, w2, u1 = ((w1 >>> 11) + 1) 2⁻⁵³, u2 = (w2 >>> 11) 2⁻⁵³, and Box–Muller gives coordinate
 * 2b the value √(−2 ln u1) cos(2π u2) and 2b + 1 the value √(−2 ln u1) sin(2π u2).
 *
 * <p>The keystream is built here by encrypting each counter block with AES/ECB, not with the JDK's
 * AES/CTR mode the job uses, so a mistake in either counter layout shows up as a mismatch.
 */
final class ReferenceDpRelease {
    private ReferenceDpRelease() {}

    /** (Σ clip(x) + zC · noise) / (qN) over the given updates of one round. */
    static double[] release(
            List<float[]> updates,
            double clip,
            double z,
            double expectedClients,
            byte[] secret,
            String model,
            long round,
            Collection<String> members) {
        int n = updates.get(0).length;
        double[] sum = new double[n];
        for (float[] x : updates) {
            double norm = 0;
            for (float v : x) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            double factor = norm <= clip ? 1 : clip / norm;
            for (int i = 0; i < n; i++) {
                sum[i] += (float) (x[i] * factor);
            }
        }
        double[] noise = standardNormals(secret, model, round, "update|" + digest(members), n);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (sum[i] + z * clip * noise[i]) / expectedClients;
        }
        return out;
    }

    /** The hex SHA-256 of a membership, as the specification above writes it. */
    static String digest(Collection<String> members) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<String> sorted = new ArrayList<>(members);
            Collections.sort(sorted);
            sha.update(ByteBuffer.allocate(4).putInt(sorted.size()).array());
            for (String id : sorted) {
                byte[] b = id.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
                sha.update(b);
            }
            StringBuilder hex = new StringBuilder();
            for (byte x : sha.digest()) {
                hex.append(String.format("%02x", x));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The standard-normal noise of coordinates [0, n) of a noise stream of a round. */
    static double[] standardNormals(byte[] secret, String model, long round, String stream, int n) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived =
                    hmac.doFinal(
                            ("fedstream-noise|" + model + "|" + round + "|" + stream)
                                    .getBytes(StandardCharsets.UTF_8));
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Arrays.copyOf(derived, 16), "AES"));
            double[] out = new double[n];
            for (int b = 0; 2 * b < n; b++) {
                byte[] counter = ByteBuffer.allocate(16).putLong(0).putLong(b).array();
                ByteBuffer block = ByteBuffer.wrap(aes.doFinal(counter));
                long w1 = block.getLong();
                long w2 = block.getLong();
                double u1 = ((w1 >>> 11) + 1) * 0x1.0p-53;
                double u2 = (w2 >>> 11) * 0x1.0p-53;
                double r = Math.sqrt(-2 * Math.log(u1));
                out[2 * b] = r * Math.cos(2 * Math.PI * u2);
                if (2 * b + 1 < n) {
                    out[2 * b + 1] = r * Math.sin(2 * Math.PI * u2);
                }
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256 or AES: " + e.getMessage(), e);
        }
    }
}
