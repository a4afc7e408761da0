package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.edge.cli.EdgeProducerMain;
import io.fedstream.evaluator.EvaluatorMain;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.RoundOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot run here (no Docker engine), so this checks what can be checked without
 * one: it parses, names the project's versions, mounts only files the build produces or the Debian
 * data package installs, and every command it runs is accepted by the real parser of the program it
 * starts. Whether the public images can be pulled is not checked.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;
    private static Map<String, Object> namedVolumes;
    private static String pom;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws Exception {
        Map<String, Object> compose =
                new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
        namedVolumes = (Map<String, Object>) compose.get("volumes");
        pom = Files.readString(ROOT.resolve("pom.xml"));
    }

    private static String property(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(m.find()).as("property %s in pom.xml", name).isTrue();
        return m.group(1).trim();
    }

    private static String projectVersion() {
        Matcher m =
                Pattern.compile(
                                "<artifactId>fedstream-parent</artifactId>\\s*<version>([^<]+)</version>")
                        .matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static List<String> command(String service) {
        return new ArrayList<>(
                Arrays.asList(
                        ((String) services.get(service).get("command")).trim().split("\\s+")));
    }

    /** Arguments after the token {@code marker} (a jar path). */
    private static String[] argsAfter(List<String> cmd, String marker) {
        int i = cmd.indexOf(marker);
        assertThat(i).as("%s in %s", marker, cmd).isNotNegative();
        return cmd.subList(i + 1, cmd.size()).toArray(new String[0]);
    }

    @Test
    void hasTheTopologyWithTheProjectsVersions() {
        assertThat(services)
                .containsKeys("kafka", "jobmanager", "taskmanager", "client", "edge", "evaluator");
        assertThat(services.get("kafka").get("image"))
                .isEqualTo("apache/kafka:" + property("kafka.version"));
        for (String s : List.of("jobmanager", "taskmanager", "client")) {
            assertThat((String) services.get(s).get("image"))
                    .startsWith("flink:" + property("flink.version") + "-java17");
        }
        Map<?, ?> env = (Map<?, ?>) services.get("kafka").get("environment");
        assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).isEqualTo("CLIENT://kafka:9092");
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(String.valueOf(env.get("KAFKA_MESSAGE_MAX_BYTES")))
                .isEqualTo(String.valueOf(io.fedstream.contract.Topics.MAX_MESSAGE_BYTES));
        assertThat(services.get("jobmanager").get("ports"))
                .isEqualTo(List.of("127.0.0.1:8081:8081"));
    }

    @Test
    void brokerAuthenticatesEveryListenerAuthorizesWithAclsAndPublishesNoPort() {
        Map<?, ?> env = (Map<?, ?>) services.get("kafka").get("environment");
        assertThat(String.valueOf(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")))
                .isEqualTo("CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT")
                .doesNotContain(":PLAINTEXT");
        assertThat(env.get("KAFKA_AUTHORIZER_CLASS_NAME"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(String.valueOf(env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND")))
                .isEqualTo("false");
        assertThat(env.get("KAFKA_SUPER_USERS")).isEqualTo("User:admin");
        assertThat(services.get("kafka")).doesNotContainKey("ports");
        assertThat(String.join(" ", command("client")))
                .contains("--kafka-properties /secrets/job.properties");
        assertThat(String.join(" ", command("edge")))
                .contains("--kafka-properties /secrets/edge.properties");
        assertThat(String.join(" ", command("evaluator")))
                .contains("--kafka-properties /secrets/evaluator.properties")
                .contains("--topic-metrics fedstream.evaluations");
        assertThat(String.valueOf(services.get("kafka-setup").get("command")))
                .contains("io.fedstream.auth.AclProvisionerMain");
    }

    @Test
    void runsSignedWithIdentitiesTheOperatorCommandEnrolled() {
        String enroll = String.valueOf(services.get("enroll").get("command"));
        assertThat(enroll)
                .contains("io.fedstream.auth.operator.OperatorMain")
                .contains("keygen --out /operator/operator.key")
                .contains("keygen --out /identities/job.key")
                .contains("enroll --operator /operator/operator.key")
                .contains("--kafka-properties /secrets/operator.properties");
        String job = String.join(" ", command("client"));
        String edge = String.join(" ", command("edge"));
        String evaluator = String.join(" ", command("evaluator"));
        assertThat(job)
                .contains("--job-identity /identities/job.key")
                .contains("--operator-identity /identities/operator.pub")
                .doesNotContain("--client-auth");
        assertThat(edge)
                .contains("--identity-dir /identities/clients --require-identity")
                .contains("--job-identity /identities/job.pub")
                .doesNotContain("--insecure-no-auth");
        assertThat(evaluator)
                .contains("--job-identity /identities/job.pub")
                .doesNotContain("--insecure-no-auth");
        // One run: the job, the edges and the evaluator carry the same id.
        List<String> runIds = new ArrayList<>();
        for (String service : List.of("client", "edge", "evaluator")) {
            List<String> cmd = command(service);
            runIds.add(cmd.get(cmd.indexOf("--run-id") + 1));
        }
        assertThat(runIds).containsOnly(runIds.get(0));
        // The operator's private key is mounted by the enrollment step alone.
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object volumes = service.getValue().get("volumes");
            if (volumes != null && !service.getKey().equals("enroll")) {
                assertThat((List<?>) volumes)
                        .as("volumes of %s", service.getKey())
                        .noneMatch(v -> v.toString().startsWith("operator:"));
            }
        }
        // The edge fleet the enrollment covers is the one the edge service runs.
        assertThat(enroll).contains("seq 0 99");
        List<String> edgeCmd = command("edge");
        assertThat(edgeCmd.get(edgeCmd.indexOf("--clients") + 1)).isEqualTo("100");
    }

    @Test
    void mountsOnlyWhatTheBuildOrTheDataPackageProvides() {
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            Object volumes = service.getValue().get("volumes");
            if (volumes == null) {
                continue;
            }
            for (Object v : (List<?>) volumes) {
                String host = v.toString().split(":")[0];
                if (namedVolumes.containsKey(host)) {
                    // a named volume a one-shot service fills (secrets, identities)
                    continue;
                }
                if (host.startsWith("./")) {
                    // ./MODULE/target: the module must exist; target/ is what mvn install builds.
                    Path module = ROOT.resolve(host.substring(2)).getParent();
                    assertThat(module.resolve("pom.xml"))
                            .as("module of %s in %s", host, service.getKey())
                            .exists();
                } else {
                    assertThat(host).isEqualTo("/usr/share/datasets/fashion-mnist");
                }
            }
        }
        String version = projectVersion();
        assertThat(command("client")).contains("/jars/fedstream-flink-job-" + version + "-job.jar");
        assertThat(command("edge")).contains("/app/fedstream-edge-producer-" + version + ".jar");
        assertThat(command("evaluator")).contains("/app/fedstream-evaluator-" + version + ".jar");
    }

    @Test
    void everyCommandIsAcceptedByTheProgramItStarts() {
        List<String> client = command("client");
        assertThat(client).startsWith("flink", "run");
        assertThat(client.get(client.indexOf("-c") + 1))
                .isEqualTo(io.fedstream.job.FedStreamJob.class.getName());
        JobConfig job =
                JobConfig.fromArgs(
                        argsAfter(
                                client,
                                client.stream()
                                        .filter(t -> t.endsWith("-job.jar"))
                                        .findFirst()
                                        .orElseThrow()));
        assertThat(job.get(io.fedstream.job.config.KafkaOptions.BOOTSTRAP_SERVERS))
                .isEqualTo("kafka:9092");

        List<String> edge = command("edge");
        String[] edgeArgs = argsAfter(edge, jar(edge));
        assertAdvertised(new CommandLine(new EdgeProducerMain()), edgeArgs);
        List<String> evaluator = command("evaluator");
        assertAdvertised(
                new CommandLine(new EvaluatorMain()), argsAfter(evaluator, jar(evaluator)));

        // One population: the job samples (and with DP calibrates) for the fleet the edges form.
        assertThat(job.get(RoundOptions.NUM_CLIENTS))
                .isEqualTo(Integer.parseInt(edge.get(edge.indexOf("--num-clients") + 1)));
    }

    private static String jar(List<String> cmd) {
        return cmd.stream().filter(t -> t.endsWith(".jar")).findFirst().orElseThrow();
    }

    /** Parses {@code args} and checks that no flag is a hidden (old) name. */
    private static void assertAdvertised(CommandLine cl, String[] args) {
        cl.parseArgs(args);
        for (String a : args) {
            if (a.startsWith("--")) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                assertThat(cl.getCommandSpec().findOption(name).hidden())
                        .as("%s is an old flag name", name)
                        .isFalse();
            }
        }
    }
}
