package io.fedstream.cluster;

import io.fedstream.identity.IdentityFiles;
import io.fedstream.identity.PublicIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives {@code cluster/fedstream-cluster} for a test: every subcommand runs as its own process
 * with a private state folder and free ports, and its output is appended to {@code script.log} in
 * the work folder.
 */
final class ClusterScript {
    private final Path script;
    private final Path state;
    private final Path log;
    private final Map<String, String> env = new TreeMap<>();
    final int kafkaPort;
    final int restPort;

    ClusterScript(Path script, Path work) throws IOException {
        this.script = script;
        this.state = work.resolve("state");
        this.log = work.resolve("script.log");
        Files.createDirectories(work);
        Files.deleteIfExists(log);
        int[] ports = freePorts(4);
        this.kafkaPort = ports[0];
        this.restPort = ports[2];
        env.put("FEDSTREAM_CLUSTER_STATE", state.toString());
        env.put("FEDSTREAM_KAFKA_PORT", Integer.toString(ports[0]));
        env.put("FEDSTREAM_KAFKA_CONTROLLER_PORT", Integer.toString(ports[1]));
        env.put("FEDSTREAM_FLINK_REST_PORT", Integer.toString(ports[2]));
        env.put("FEDSTREAM_FLINK_RPC_PORT", Integer.toString(ports[3]));
    }

    /** Sets a {@code FEDSTREAM_*} variable for every later command (before {@code up}). */
    ClusterScript withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    /**
     * Runs {@code down} when this JVM exits, if the test did not: surefire's fork timeout ends the
     * test JVM with SIGTERM, and the cluster's JVMs (own sessions) would otherwise outlive it.
     */
    ClusterScript downOnExit() {
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    if (!processesStarted().isEmpty()) {
                                        try {
                                            run(Duration.ofMinutes(2), "down");
                                        } catch (Exception | AssertionError e) {
                                            System.err.println("down on exit failed: " + e);
                                        }
                                    }
                                },
                                "fedstream-cluster-down"));
        return this;
    }

    /** From the system properties the cluster module's pom sets. */
    static ClusterScript fromSystemProperties() throws IOException {
        return new ClusterScript(
                Path.of(required("fedstream.cluster.script")),
                Path.of(required("fedstream.cluster.work")));
    }

    String bootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    /**
     * Client properties of the broker's super user, as {@code up} wrote them (SASL/SCRAM), with the
     * bootstrap servers: for the test's own topic readers.
     */
    Properties clientProperties() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(state.resolve("secrets/admin.properties"))) {
            p.load(in);
        }
        p.put("bootstrap.servers", bootstrapServers());
        return p;
    }

    /** The job's public identity, as {@code up} wrote it (identities/job.pub). */
    PublicIdentity jobIdentity() {
        return IdentityFiles.readPublic(state.resolve("identities/job.pub"));
    }

    /** The run id {@code up} chose (or {@code submit --run-id} set), from the settings file. */
    String runId() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(state.resolve("cluster.env"))) {
            p.load(in);
        }
        return p.getProperty("RUN_ID");
    }

    String restUrl() {
        return "http://127.0.0.1:" + restPort;
    }

    Path state() {
        return state;
    }

    /** Runs one subcommand to its end; returns its output, or fails with it. */
    private static final Pattern JOB_ID =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    /** Runs {@code submit} with {@code flags} and returns the JobID the CLI printed. */
    String submit(List<String> flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("submit"));
        args.addAll(flags);
        String out = run(Duration.ofMinutes(2), args.toArray(String[]::new));
        Matcher m = JOB_ID.matcher(out);
        if (!m.find()) {
            throw new AssertionError("no JobID in the CLI output:\n" + out);
        }
        return m.group(1);
    }

    String run(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile(log.getParent(), "run-", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.writeString(
                log,
                "$ fedstream-cluster " + String.join(" ", args) + "\n" + output,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        if (!done) {
            throw new AssertionError(
                    "fedstream-cluster "
                            + args[0]
                            + " did not end within "
                            + timeout
                            + ":\n"
                            + output);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(
                    "fedstream-cluster "
                            + String.join(" ", args)
                            + " exited with "
                            + p.exitValue()
                            + ":\n"
                            + output);
        }
        return output;
    }

    /**
     * PIDs of live processes whose command line carries this state folder's marker, found by
     * scanning /proc rather than by trusting the script's PID files.
     */
    List<Long> processesStarted() {
        String marker = "-Dfedstream.cluster=" + state;
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .forEach(
                            p -> {
                                try {
                                    String cmdline =
                                            Files.readString(
                                                    p.resolve("cmdline"),
                                                    StandardCharsets.ISO_8859_1);
                                    if (List.of(cmdline.split("\0")).contains(marker)) {
                                        found.add(Long.parseLong(p.getFileName().toString()));
                                    }
                                } catch (IOException | UncheckedIOException gone) {
                                    // the process ended while we looked
                                }
                            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        int[] ports = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    private static String required(String key) {
        String value = System.getProperty(key);
        if (value == null) {
            throw new IllegalStateException(
                    "system property "
                            + key
                            + " is not set; run through Maven (cluster/it/pom.xml)");
        }
        return value;
    }
}
