package io.fedstream.edge.identity;

import static io.fedstream.edge.TestIdentities.identity;
import static io.fedstream.edge.TestIdentities.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentitiesTest {
    @TempDir Path dir;

    @Test
    void createsMissingIdentitiesOwnerOnlyWithAPublicFileToEnroll() throws Exception {
        Map<String, Identity> ids =
                ClientIdentities.loadOrCreate(
                        dir, List.of("client-0000", "client-0001"), seeded(1));

        assertThat(ids).containsOnlyKeys("client-0000", "client-0001");
        for (String id : ids.keySet()) {
            Path key = dir.resolve(id + ".key");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                    .isEqualTo("rw-------");
            assertThat(IdentityFiles.readPublic(dir.resolve(id + ".pub")))
                    .isEqualTo(ids.get(id).publicIdentity());
            assertThat(ids.get(id).publicIdentity().name()).isEqualTo(id);
        }
        assertThat(ids.get("client-0000").publicIdentity())
                .isNotEqualTo(ids.get("client-0001").publicIdentity());
    }

    @Test
    void readsTheIdentitiesAlreadyThereInsteadOfReplacingThem() {
        Identity existing = identity("client-0000", 5);
        IdentityFiles.write(existing, dir.resolve("client-0000.key"));

        Map<String, Identity> ids =
                ClientIdentities.loadOrCreate(dir, List.of("client-0000"), seeded(6));

        assertThat(ids.get("client-0000").publicIdentity()).isEqualTo(existing.publicIdentity());
        assertThat(
                        ClientIdentities.load(dir, List.of("client-0000"))
                                .get("client-0000")
                                .publicIdentity())
                .isEqualTo(existing.publicIdentity());
    }

    @Test
    void loadNamesTheMissingKeyFiles() {
        IdentityFiles.write(identity("client-0000", 5), dir.resolve("client-0000.key"));
        assertThatThrownBy(() -> ClientIdentities.load(dir, List.of("client-0000", "client-0007")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client-0007.key")
                .hasMessageNotContaining("client-0000.key");
        assertThat(dir.resolve("client-0007.key")).doesNotExist();
    }

    @Test
    void refusesAKeyFileOfAnotherClient() {
        IdentityFiles.write(identity("client-0009", 5), dir.resolve("client-0000.key"));
        assertThatThrownBy(() -> ClientIdentities.load(dir, List.of("client-0000")))
                .hasMessageContaining("identity of client-0009, expected client-0000");
    }
}
