package io.fedstream.job.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Gaussian noise that is unpredictable without a secret key and exactly reproducible with it.
 *
 * <p>For a (model, round, stream) the key schedule derives an AES-128 key as HMAC-SHA256(secret,
 * "fedstream-noise|model|round|stream"); AES-CTR with block counter b then yields 16 bytes, i.e.
 * two 53-bit uniforms, which Box–Muller turns into the noise of coordinates 2b and 2b+1. The noise
 * of coordinate i therefore depends only on (secret, model, round, stream, i): a round recomputed
 * after a failure releases bit-identical noise, and a vector split into shards gets the same noise
 * as the whole. The job's streams name the round's membership ({@link Membership}), so a
 * recomputation with other members draws independent noise rather than the same noise on another
 * sum.
 *
 * <p>Box–Muller on doubles has the floating-point caveats of Mironov (2012, "On Significance of the
 * Least Significant Bits for Differential Privacy"); the noise here is far above the granularity of
 * float32 updates, which is what the job releases.
 */
public final class KeyedGaussianNoise {
    private final byte[] secret;

    /**
     * @param secret at least 16 bytes of key material; never logged
     */
    public KeyedGaussianNoise(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException(
                    "noise key has "
                            + (secret == null ? 0 : secret.length)
                            + " bytes; at least 16 are needed");
        }
        this.secret = secret.clone();
    }

    /**
     * Adds N(0, std²) noise to {@code out[k]} for coordinates {@code from + k}, k in [0,
     * out.length).
     */
    public void addNoise(
            String model, long round, String stream, long from, double std, double[] out) {
        if (out.length == 0 || std == 0) {
            return;
        }
        long firstBlock = from / 2;
        long lastBlock = (from + out.length - 1) / 2;
        int blocks = Math.toIntExact(lastBlock - firstBlock + 1);
        byte[] stream16 = keystream(model, round, stream, firstBlock, blocks);
        ByteBuffer buf = ByteBuffer.wrap(stream16);
        for (int b = 0; b < blocks; b++) {
            long w1 = buf.getLong();
            long w2 = buf.getLong();
            double u1 = ((w1 >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            double u2 = (w2 >>> 11) * 0x1.0p-53; // [0, 1)
            double r = Math.sqrt(-2 * Math.log(u1));
            long pair = (firstBlock + b) * 2;
            addAt(out, pair - from, std * r * Math.cos(2 * Math.PI * u2));
            addAt(out, pair + 1 - from, std * r * Math.sin(2 * Math.PI * u2));
        }
    }

    /** {@code n} standard-normal samples for coordinates [0, n). */
    public double[] sample(String model, long round, String stream, int n) {
        double[] out = new double[n];
        addNoise(model, round, stream, 0, 1.0, out);
        return out;
    }

    /** A 64-bit seed derived from {@code secret} for {@code purpose}; unpredictable without it. */
    public static long deriveSeed(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return ByteBuffer.wrap(
                            mac.doFinal(
                                    ("fedstream-seed|" + purpose).getBytes(StandardCharsets.UTF_8)))
                    .getLong();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks HmacSHA256: " + e.getMessage(), e);
        }
    }

    private static void addAt(double[] out, long index, double value) {
        if (index >= 0 && index < out.length) {
            out[(int) index] += value;
        }
    }

    private byte[] keystream(String model, long round, String stream, long firstBlock, int blocks) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] derived =
                    mac.doFinal(
                            ("fedstream-noise|" + model + "|" + round + "|" + stream)
                                    .getBytes(StandardCharsets.UTF_8));
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            byte[] iv = ByteBuffer.allocate(16).putLong(0).putLong(firstBlock).array();
            aes.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(Arrays.copyOf(derived, 16), "AES"),
                    new IvParameterSpec(iv));
            return aes.doFinal(new byte[blocks * 16]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "JDK lacks HmacSHA256 or AES/CTR: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KeyedGaussianNoise{key=<redacted>}";
    }
}
