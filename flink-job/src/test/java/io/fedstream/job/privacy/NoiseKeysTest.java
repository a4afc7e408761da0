package io.fedstream.job.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.job.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoiseKeysTest {
    @TempDir Path dir;

    private static JobConfig dp(Path keyFile) {
        return JobConfig.fromMap(
                Map.of("client-auth", "off", "dp", "true", "dp-key-file", keyFile.toString()));
    }

    @Test
    void dpNeedsAKeyFileAtSubmission() {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("client-auth", "off", "dp", "true")))
                .hasMessageContaining("--dp-key-file must be set with --dp");
    }

    @Test
    void readsAnOwnerOnlyKeyFileAndRefusesOthers() throws Exception {
        Path key = NoiseKeys.create(dir.resolve("dp.key"), new SecureRandom());
        assertThat(NoiseKeys.read(dp(key))).hasSize(32).isEqualTo(Files.readAllBytes(key));

        Path open = dir.resolve("open.key");
        Files.write(open, new byte[32]);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> NoiseKeys.read(dp(open))).hasMessageContaining("chmod 600");

        Path small = dir.resolve("small.key");
        Files.write(small, new byte[8]);
        Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> NoiseKeys.read(dp(small)))
                .hasMessageContaining("8 bytes; at least 16");
    }

    @Test
    void keyIdNamesTheKeyWithoutShowingIt() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[31] = 1;
        assertThat(NoiseKeys.keyId(a)).hasSize(16).isEqualTo(NoiseKeys.keyId(a.clone()));
        assertThat(NoiseKeys.keyId(a)).isNotEqualTo(NoiseKeys.keyId(b));
        assertThat(NoiseKeys.keyId(a)).isNotEqualTo("0000000000000000");
    }
}
