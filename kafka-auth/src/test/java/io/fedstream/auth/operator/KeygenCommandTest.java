package io.fedstream.auth.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
    @TempDir Path dir;

    private OperatorRun keygen(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "keygen";
        System.arraycopy(args, 0, all, 1, args.length);
        return OperatorRun.of(
                OperatorRun.seeded(7),
                Clock.systemUTC(),
                p -> {
                    throw new AssertionError("keygen must not connect to Kafka");
                },
                all);
    }

    @Test
    void writesAPrivateFileOnlyItsOwnerReadsAndTheMatchingPublicFile() throws Exception {
        Path key = dir.resolve("operator.key");
        OperatorRun run = keygen("--out", key.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        Identity identity = IdentityFiles.read(key);
        assertThat(identity.publicIdentity().name()).isEqualTo("operator");
        assertThat(IdentityFiles.readPublic(dir.resolve("operator.pub")))
                .isEqualTo(identity.publicIdentity());
        assertThat(run.out()).contains("operator.pub").contains(identity.publicIdentity().keyId());
    }

    @Test
    void printsNoPrivateKey() throws Exception {
        Path key = dir.resolve("job.key");
        OperatorRun run = keygen("--out", key.toString());

        Properties p = new Properties();
        try (var in = Files.newBufferedReader(key)) {
            p.load(in);
        }
        for (String secret : new String[] {"ed25519.private", "x25519.private"}) {
            assertThat(p.getProperty(secret)).hasSizeGreaterThan(40);
            assertThat(run.out() + run.err()).doesNotContain(p.getProperty(secret));
        }
    }

    @Test
    void takesTheNameFromTheFlagOverTheFileName() {
        Path key = dir.resolve("k.key");
        assertThat(keygen("--out", key.toString(), "--name", "client-0042").exitCode()).isZero();
        assertThat(IdentityFiles.readPublic(dir.resolve("k.pub")).name()).isEqualTo("client-0042");
    }

    @Test
    void sameSeedGivesTheSameKeys() {
        keygen("--out", dir.resolve("a.key").toString(), "--name", "x");
        keygen("--out", dir.resolve("b.key").toString(), "--name", "x");
        assertThat(IdentityFiles.readPublic(dir.resolve("a.pub")))
                .isEqualTo(IdentityFiles.readPublic(dir.resolve("b.pub")));
    }

    @Test
    void refusesToOverwriteAndWritesNothing() throws Exception {
        Files.writeString(dir.resolve("client-0001.pub"), "old");
        OperatorRun run = keygen("--dir", dir.toString(), "client-0000", "client-0001");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("refusing to overwrite").contains("client-0001.pub");
        assertThat(dir.resolve("client-0000.key")).doesNotExist();
        assertThat(dir.resolve("client-0001.pub")).hasContent("old");
    }

    @Test
    void dirWritesOneIdentityPerName() {
        OperatorRun run =
                keygen("--dir", dir.resolve("clients").toString(), "client-0000", "client-0001");

        assertThat(run.exitCode()).as(run.err()).isZero();
        for (String id : new String[] {"client-0000", "client-0001"}) {
            assertThat(
                            IdentityFiles.read(dir.resolve("clients/" + id + ".key"))
                                    .publicIdentity()
                                    .name())
                    .isEqualTo(id);
        }
        assertThat(run.out().lines()).hasSize(2);
    }

    @Test
    void refusesANameThatIsNoFileName() {
        OperatorRun run = keygen("--dir", dir.toString(), "../escape");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("name '../escape'");
        assertThat(keygen("--out", dir.resolve("operator.txt").toString()).err())
                .contains("must end in .key");
    }

    @Test
    void needsExactlyOneOfOutAndDir() {
        assertThat(keygen().exitCode()).isEqualTo(2);
        OperatorRun both =
                keygen("--out", dir.resolve("a.key").toString(), "--dir", dir.toString(), "b");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
