package io.fedstream.job.privacy;

import io.fedstream.identity.SecretFiles;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.PrivacyOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret the DP noise is derived from. It is read from {@code --dp-key-file} where the noise is
 * drawn, in the operators' {@code open()} on the TaskManagers, with the file's permissions checked
 * ({@link SecretFiles}): the key is never a field of the job graph, never logged. A job restored
 * from a checkpoint or savepoint with the same file draws the same noise for a recomputed round;
 * the coordinator keeps the key's {@link #keyId} in its state and refuses to go on under another
 * key.
 */
public final class NoiseKeys {
    /** The shortest key accepted. */
    public static final int MIN_KEY_BYTES = 16;

    private NoiseKeys() {}

    /** The key of {@code config}'s {@code --dp-key-file}; null without DP. */
    public static byte[] read(JobConfig config) {
        if (!config.get(PrivacyOptions.DP)) {
            return null;
        }
        String file =
                config.getOptional(PrivacyOptions.DP_KEY_FILE)
                        .orElseThrow(
                                () -> new IllegalArgumentException("--dp needs --dp-key-file"));
        byte[] key = SecretFiles.read(Path.of(file));
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "--dp-key-file "
                            + file
                            + " has "
                            + key.length
                            + " bytes; at least "
                            + MIN_KEY_BYTES
                            + " are needed");
        }
        return key;
    }

    /**
     * A public name of {@code key}: the first 8 bytes, in hex, of SHA-256 over a label and the key
     * (which tells nothing of the key), kept in state to notice a restore under another key.
     */
    public static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("FedStream DP noise key id v1".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Writes a new random 32-byte key to {@code file} (0600; it must not exist). */
    public static Path create(Path file, SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        SecretFiles.create(file, key);
        return file;
    }
}
