package io.fedstream.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.attack.AttackType;
import io.fedstream.edge.attack.Knowledge;
import io.fedstream.edge.attack.Perturbation;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.edge.compress.CompressionMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EdgeProducerMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs the CLI with authentication off (AuthFlagsTest covers it on). */
    private int execute(String... args) {
        CommandLine cl = new CommandLine(new EdgeProducerMain());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(noAuth(args));
    }

    private static FleetConfig parse(String... args) {
        EdgeProducerMain main = new EdgeProducerMain();
        new CommandLine(main).parseArgs(noAuth(args));
        return main.toFleetConfig();
    }

    static String[] noAuth(String... args) {
        String[] out = Arrays.copyOf(args, args.length + 1);
        out[args.length] = "--insecure-no-auth";
        return out;
    }

    @Test
    void mapsEveryFlagOntoTheFleetConfig() {
        FleetConfig config =
                parse(
                        "--bootstrap-servers",
                        "broker:29092",
                        "--model-id",
                        "fm-2",
                        "--clients",
                        "5",
                        "--first-client",
                        "10",
                        "--num-clients",
                        "100",
                        "--alpha",
                        "0.3",
                        "--min-partition-size",
                        "20",
                        "--partition-seed",
                        "7",
                        "--seed",
                        "99",
                        "--heartbeat-ms",
                        "500",
                        "--training-threads",
                        "3",
                        "--topic-prefix",
                        "exp1.",
                        "--round-tasks-topic",
                        "custom-tasks",
                        "--stay");

        assertThat(config.numClients()).isEqualTo(100);
        assertThat(config.firstClient()).isEqualTo(10);
        assertThat(config.clientCount()).isEqualTo(5);
        assertThat(config.alpha()).isEqualTo(0.3);
        assertThat(config.minPartitionSize()).isEqualTo(20);
        assertThat(config.partitionSeed()).isEqualTo(7);
        assertThat(config.clientSeed()).isEqualTo(99);
        assertThat(config.trainingThreads()).isEqualTo(3);
        EdgeClientConfig client = config.clientConfig(12);
        assertThat(client.clientId()).isEqualTo("client-0012");
        assertThat(client.bootstrapServers()).isEqualTo("broker:29092");
        assertThat(client.modelId()).isEqualTo("fm-2");
        assertThat(client.heartbeatIntervalMs()).isEqualTo(500);
        assertThat(client.stopWhenComplete()).isFalse();
        assertThat(client.updatesTopic()).isEqualTo("exp1.updates");
        assertThat(client.heartbeatsTopic()).isEqualTo("exp1.heartbeats");
        assertThat(client.roundTasksTopic()).isEqualTo("custom-tasks");
        assertThat(client.globalModelTopic()).isEqualTo("exp1.global-model");
    }

    @Test
    void defaultsToOneIidClientOnTheContractTopics() {
        FleetConfig config = parse();

        assertThat(config.numClients()).isEqualTo(1);
        assertThat(config.clientCount()).isEqualTo(1);
        assertThat(config.alpha()).isNull();
        assertThat(config.trainingThreads()).isEqualTo(2);
        EdgeClientConfig client = config.clientConfig(0);
        assertThat(client.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(client.updatesTopic()).isEqualTo("fedstream.updates");
        assertThat(client.heartbeatsTopic()).isEqualTo("fedstream.heartbeats");
        assertThat(client.roundTasksTopic()).isEqualTo("fedstream.round-tasks");
        assertThat(client.globalModelTopic()).isEqualTo("fedstream.global-model");
        assertThat(client.heartbeatIntervalMs()).isEqualTo(2000);
        assertThat(client.stopWhenComplete()).isTrue();
    }

    @Test
    void numClientsDefaultsToTheEndOfThisSlice() {
        assertThat(parse("--first-client", "4", "--clients", "3").numClients()).isEqualTo(7);
    }

    @Test
    void mapsTheAttackFlagsOntoTheAttackConfig() {
        AttackConfig a =
                parse(
                                "--seed",
                                "9",
                                "--attack",
                                "min-sum",
                                "--byzantine-fraction",
                                "0.3",
                                "--perturbation",
                                "unit-vec",
                                "--attack-knowledge",
                                "partial",
                                "--gaussian-sigma",
                                "0.5",
                                "--scale-factor",
                                "4",
                                "--ipm-epsilon",
                                "2",
                                "--alie-z",
                                "1.5",
                                "--sample-factor",
                                "20",
                                "--collusion-timeout",
                                "7")
                        .attack();
        assertThat(a.type()).isEqualTo(AttackType.MIN_SUM);
        assertThat(a.byzantineFraction()).isEqualTo(0.3);
        assertThat(a.seed()).isEqualTo(9); // --attack-seed defaults to --seed
        assertThat(a.perturbation()).isEqualTo(Perturbation.UNIT_VEC);
        assertThat(a.knowledge()).isEqualTo(Knowledge.PARTIAL);
        assertThat(a.gaussianSigma()).isEqualTo(0.5);
        assertThat(a.scaleFactor()).isEqualTo(4);
        assertThat(a.ipmEpsilon()).isEqualTo(2);
        assertThat(a.alieZ()).isEqualTo(1.5);
        assertThat(a.sampleFactor()).isEqualTo(20);
        assertThat(a.collusionTimeout()).hasSeconds(7);
        assertThat(parse("--attack-seed", "3", "--attack", "replay").attack().seed()).isEqualTo(3);
        assertThat(parse().attack().active()).isFalse();
    }

    @Test
    void rejectsAnUnknownAttackNamingTheKnownOnes() {
        int code = execute("--attack", "teleport");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("attack 'teleport' vs known none, sign-flip");
    }

    @Test
    void alphaAcceptsIidInAnyCase() {
        assertThat(parse("--alpha", "IID").alpha()).isNull();
    }

    @Test
    void rejectsAnAlphaThatIsNeitherANumberNorIid() {
        int code = execute("--alpha", "strong");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains(
                        "Invalid value for option '--alpha': 'strong' is neither a number > 0 nor 'iid'");
    }

    @Test
    void rejectsANonPositiveAlpha() {
        int code = execute("--alpha", "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--alpha").contains("'0' must be a finite number > 0");
    }

    @Test
    void rejectsASliceBeyondThePopulation() {
        int code = execute("--first-client", "8", "--clients", "4", "--num-clients", "10");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("--first-client 8 + --clients 4 exceeds --num-clients 10");
    }

    @Test
    void mapsTheLocalDpFlagsOntoEveryClient() {
        FleetConfig c =
                parse(
                        "--clients", "3",
                        "--local-dp-noise-multiplier", "4",
                        "--local-dp-clip", "0.5",
                        "--local-dp-delta", "1e-6",
                        "--local-dp-epsilon", "10");
        io.fedstream.edge.privacy.LocalDpSettings dp = c.clientTemplate().localDp();
        assertThat(dp)
                .isEqualTo(
                        new io.fedstream.edge.privacy.LocalDpSettings(0.5, 4, 1e-6, 10.0, false));
        assertThat(c.clientConfig(2).localDp()).isEqualTo(dp);
        assertThat(parse("--clients", "1").clientTemplate().localDp()).isNull();
        assertThat(
                        parse("--local-dp-noise-multiplier", "2", "--local-dp-seeded-noise")
                                .clientTemplate()
                                .localDp())
                .isEqualTo(new io.fedstream.edge.privacy.LocalDpSettings(1.0, 2, 1e-5, null, true));
    }

    @Test
    void rejectsALocalDpClipWithoutNoise() {
        int code = execute("--local-dp-clip", "1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--local-dp-clip needs --local-dp-noise-multiplier");
    }

    @Test
    void rejectsZeroClients() {
        int code = execute("--clients", "0");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--clients must be >= 1, got 0");
    }

    @Test
    void reportsAMissingDataDirAsBadUsage() {
        int code = execute("--data-dir", "/nonexistent/fashion");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--data-dir /nonexistent/fashion");
    }

    @Test
    void reportsUnusableBootstrapServersAsBadUsage() {
        int code = execute("--bootstrap-servers", "no port here", "--clients", "2");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("--bootstrap-servers");
    }

    @Test
    void reportsAnImpossiblePartitionAsBadUsageNamingTheFlags() {
        int code = execute("--num-clients", "7000", "--alpha", "0.1", "--clients", "1");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString())
                .contains("cannot partition the data with --num-clients 7000, --alpha 0.1")
                .contains("cannot give 7000 clients at least 10 examples each from 60000 examples");
    }

    @Test
    void helpDocumentsEveryFlag() {
        int code = execute("--help");

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains(
                        "--bootstrap-servers",
                        "--model-id",
                        "--clients",
                        "--first-client",
                        "--num-clients",
                        "--alpha",
                        "--min-partition-size",
                        "--partition-seed",
                        "--seed",
                        "--data-dir",
                        "--heartbeat-ms",
                        "--training-threads",
                        "--topic-prefix",
                        "--topic-updates",
                        "--topic-heartbeats",
                        "--topic-round-tasks",
                        "--topic-global-model",
                        "--stay",
                        "Exit codes: 0 clean finish, 1 a client failed, 2 bad usage.");
    }

    @Test
    void mapsTheCompressionFlagsOntoEveryClient() {
        FleetConfig config =
                parse(
                        "--bootstrap-servers",
                        "b:9092",
                        "--model-id",
                        "m",
                        "--clients",
                        "2",
                        "--compression",
                        "topk+q8",
                        "--compression-ratio",
                        "0.05",
                        "--max-residual-staleness",
                        "7",
                        "--state-dir",
                        "/var/lib/edge");
        EdgeClientConfig client = config.clientConfig(1);
        assertThat(client.compression()).isEqualTo(CompressionMode.TOPK_Q8);
        assertThat(client.compressionRatio()).isEqualTo(0.05);
        assertThat(client.maxResidualStaleness()).isEqualTo(7);
        assertThat(client.stateDir()).isEqualTo(Path.of("/var/lib/edge"));
        assertThat(
                        parse("--bootstrap-servers", "b", "--model-id", "m", "--clients", "1")
                                .clientTemplate()
                                .compression())
                .isEqualTo(CompressionMode.NONE);
    }

    @Test
    void rejectsAnUnknownCompressionOrARatioOutOfRange() {
        assertThat(execute("--bootstrap-servers", "b", "--model-id", "m", "--compression", "zip"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("compression 'zip' vs none, topk, q8, topk+q8");
        assertThat(
                        execute(
                                "--bootstrap-servers",
                                "b",
                                "--model-id",
                                "m",
                                "--compression",
                                "topk",
                                "--compression-ratio",
                                "1.5"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--compression-ratio 1.5: expected in (0, 1]");
    }

    @Test
    void kafkaPropertiesFileReachesEveryClientAndAnOwnedKeyIsRefused(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("edge.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n");
        FleetConfig config = parse("--kafka-properties", file.toString());
        assertThat(config.clientConfig(0).kafkaProperties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256");

        Files.writeString(file, "bootstrap.servers=elsewhere:9092\n");
        assertThat(execute("--kafka-properties", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'bootstrap.servers' is set by the program itself");
    }
}
