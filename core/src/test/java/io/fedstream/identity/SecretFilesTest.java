package io.fedstream.identity;

import static io.fedstream.identity.SignedRecordsTest.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir Path dir;

    @Test
    void createsOwnerOnlyFiles() throws Exception {
        Path f = dir.resolve("k");
        SecretFiles.create(f, new byte[] {1, 2, 3});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                .isEqualTo("rw-------");
        assertThat(SecretFiles.read(f)).containsExactly(1, 2, 3);
    }

    @Test
    void refusesToOverwrite() {
        Path f = dir.resolve("k");
        SecretFiles.create(f, new byte[] {1});
        assertThatThrownBy(() -> SecretFiles.create(f, new byte[] {2}))
                .hasMessageContaining("already exists");
    }

    @Test
    void refusesFilesOthersMayRead() throws Exception {
        Path f = dir.resolve("k");
        Files.write(f, "secret-content".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SecretFiles.read(f))
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("secret-content");
    }

    @Test
    void refusesSymbolicLinks() throws Exception {
        Path f = dir.resolve("k");
        SecretFiles.create(f, new byte[] {1});
        Path link = Files.createSymbolicLink(dir.resolve("link"), f);
        assertThatThrownBy(() -> SecretFiles.read(link)).hasMessageContaining("symbolic link");
    }

    @Test
    void identityFilesRoundTrip() throws Exception {
        Identity id = Identity.generate("client 7: a#b!", seeded(3));
        Path key = dir.resolve("ids/client-7.key");
        IdentityFiles.write(id, key);
        Identity back = IdentityFiles.read(key);
        assertThat(back.publicIdentity()).isEqualTo(id.publicIdentity());
        assertThat(IdentityFiles.readPublic(IdentityFiles.publicFileOf(key)))
                .isEqualTo(id.publicIdentity());
        byte[] sig = back.signer().sign("ModelUpdate", new byte[] {9});
        assertThat(id.publicIdentity().verifier().verify("ModelUpdate", new byte[] {9}, sig))
                .isTrue();
        assertThat(Files.readString(IdentityFiles.publicFileOf(key))).doesNotContain("private");
    }
}
