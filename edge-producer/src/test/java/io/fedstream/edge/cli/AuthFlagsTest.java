package io.fedstream.edge.cli;

import static io.fedstream.edge.TestIdentities.identity;
import static io.fedstream.edge.TestIdentities.seeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.client.FleetConfig;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.identity.Identity;
import io.fedstream.identity.IdentityFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The edge CLI's client-authentication flags: on by default, off only when told. */
class AuthFlagsTest {
    @TempDir Path dir;

    private final StringWriter err = new StringWriter();
    private final Identity job = identity("job", 100);

    private Path jobPub() {
        Path pub = dir.resolve("job.pub");
        IdentityFiles.writePublic(job.publicIdentity(), pub);
        return pub;
    }

    private EdgeProducerMain main(String... args) {
        EdgeProducerMain main = new EdgeProducerMain();
        main.keyRandom = () -> seeded(42);
        new CommandLine(main).parseArgs(args);
        return main;
    }

    private int execute(String... args) {
        CommandLine cl = new CommandLine(new EdgeProducerMain());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void refusesToStartWithoutIdentityFlagsNamingThemAndTheOptOut() {
        assertThat(execute("--clients", "1")).isEqualTo(2);
        assertThat(err.toString())
                .contains("client authentication is on by default")
                .contains("--identity-dir DIR", "--job-identity FILE", "--run-id ID")
                .contains("--insecure-no-auth");
    }

    @Test
    void namesOnlyTheMissingFlags() {
        assertThat(execute("--run-id", "r", "--job-identity", jobPub().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("(missing --identity-dir DIR)");
    }

    @Test
    void theOptOutCannotBeCombinedWithIdentityFlags() {
        assertThat(execute("--insecure-no-auth", "--run-id", "r")).isEqualTo(2);
        assertThat(err.toString())
                .contains("--insecure-no-auth turns client authentication off; drop --run-id");
    }

    @Test
    void theOptOutRunsUnauthenticated() {
        FleetConfig config = main("--insecure-no-auth").toFleetConfig();
        assertThat(config.authenticated()).isFalse();
        assertThat(config.clientConfig(0).auth()).isNull();
    }

    @Test
    void createsTheMissingIdentitiesAndLoadsThemOnTheNextStart() throws Exception {
        Path ids = dir.resolve("ids");
        String[] args = {
            "--clients",
            "2",
            "--first-client",
            "3",
            "--identity-dir",
            ids.toString(),
            "--job-identity",
            jobPub().toString(),
            "--run-id",
            "run-9"
        };
        FleetConfig first = main(args).toFleetConfig();

        assertThat(first.authenticated()).isTrue();
        assertThat(first.runId()).isEqualTo("run-9");
        assertThat(first.jobIdentity()).isEqualTo(job.publicIdentity());
        ClientAuth a4 = first.clientConfig(4).auth();
        assertThat(a4.clientId()).isEqualTo("client-0004");
        Path key = ids.resolve("client-0004.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(IdentityFiles.readPublic(ids.resolve("client-0004.pub")))
                .isEqualTo(a4.identity().publicIdentity());
        assertThat(ids.resolve("client-0003.key")).exists();
        assertThat(ids.resolve("client-0005.key")).doesNotExist();

        FleetConfig second = main(args).toFleetConfig();
        assertThat(second.clientConfig(4).auth().identity().publicIdentity())
                .isEqualTo(a4.identity().publicIdentity());
    }

    @Test
    void requireIdentityRefusesAMissingKeyFileInsteadOfCreatingIt() {
        Path ids = dir.resolve("ids");
        int code =
                execute(
                        "--identity-dir",
                        ids.toString(),
                        "--require-identity",
                        "--job-identity",
                        jobPub().toString(),
                        "--run-id",
                        "r");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--identity-dir").contains("client-0000.key");
        assertThat(ids.resolve("client-0000.key")).doesNotExist();
    }

    @Test
    void anUnreadableJobIdentityNamesTheFlag() {
        int code =
                execute(
                        "--identity-dir", dir.toString(),
                        "--job-identity", dir.resolve("nope.pub").toString(),
                        "--run-id", "r");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--job-identity").contains("nope.pub");
    }
}
