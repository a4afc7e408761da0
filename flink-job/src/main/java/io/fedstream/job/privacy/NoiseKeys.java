package io.fedstream.job.privacy;

import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.PrivacyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the secret of the DP noise comes from. */
public final class NoiseKeys {
    private static final Logger LOG = LoggerFactory.getLogger(NoiseKeys.class);

    private NoiseKeys() {}

    /**
     * The key for {@code config}: null without DP; the bytes of {@code --dp-key-file} if given;
     * else 32 fresh random bytes. The key travels inside the job graph (so a restarted job redraws
     * the same noise for a recomputed round) and is never logged.
     */
    public static byte[] load(JobConfig config) {
        if (!config.get(PrivacyOptions.DP)) {
            return null;
        }
        String file = config.getOptional(PrivacyOptions.DP_KEY_FILE).orElse("");
        if (!file.isEmpty()) {
            try {
                byte[] key = Files.readAllBytes(Path.of(file));
                if (key.length < 16) {
                    throw new IllegalArgumentException(
                            "--dp-key-file "
                                    + file
                                    + " has "
                                    + key.length
                                    + " bytes; at least 16 are needed");
                }
                return key;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --dp-key-file " + file, e);
            }
        }
        LOG.warn(
                "no --dp-key-file: the DP noise key is random for this submission; a job resubmitted"
                        + " from a savepoint will draw its noise from a new key");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
