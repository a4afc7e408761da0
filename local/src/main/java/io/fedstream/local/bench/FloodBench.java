package io.fedstream.local.bench;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.local.bench.flood.FloodCluster;
import io.fedstream.local.bench.flood.FloodMetrics;
import io.fedstream.local.bench.flood.FloodSample;
import io.fedstream.local.bench.flood.FloodSummary;
import io.fedstream.local.bench.flood.Flooder;
import io.fedstream.local.report.FloodPlot;
import io.fedstream.testkit.EmbeddedKafka;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./fedstream bench flood}: the job (embedded broker, MiniCluster, a few honest edge clients
 * training on Fashion-MNIST) first runs rounds quietly, then under a flood of heartbeats and
 * updates from {@code --fake-ids} fake ids renewed every pass ({@link Flooder}), then quietly
 * again. Every {@code --sample-every} it records the heap used right after a full GC, the state
 * size of the last completed checkpoint (total, round coordinator, client guard, heartbeat
 * limiter), the registry size and the flood's rate, and writes {@code flood-LABEL.csv}, {@code
 * flood-LABEL.png} and {@code flood-LABEL.txt} (the summary, also printed) into {@code --out}.
 */
@Command(
        name = "fedstream bench flood",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Heap and checkpoint size of the job under a flood of fake client ids.")
public final class FloodBench implements Callable<Integer> {
    @Option(
            names = "--duration",
            defaultValue = "10m",
            converter = DurationFlag.class,
            description = "How long the flood runs (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "40s",
            converter = DurationFlag.class,
            description = "Quiet rounds before the flood (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--cooldown",
            defaultValue = "70s",
            converter = DurationFlag.class,
            description =
                    "Quiet time after the flood, to see the registry pruned (default ${DEFAULT-VALUE}).")
    Duration cooldown;

    @Option(
            names = "--sample-every",
            defaultValue = "10s",
            converter = DurationFlag.class,
            description = "Sampling period (default ${DEFAULT-VALUE}).")
    Duration sampleEvery;

    @Option(
            names = "--fake-ids",
            defaultValue = "100000",
            description =
                    "Fake ids per pass; each pass uses fresh ones (default ${DEFAULT-VALUE}).")
    int fakeIds;

    @Option(
            names = "--ids-per-second",
            defaultValue = "4000",
            description =
                    "Fake ids the flood heartbeats for per second (default ${DEFAULT-VALUE}).")
    int idsPerSecond;

    @Option(
            names = "--repeats",
            defaultValue = "2",
            description = "Heartbeats per fake id, back to back (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--updates-per-round",
            defaultValue = "10",
            description =
                    "Flood updates per round task: from selected fake ids, then unheard ids (default ${DEFAULT-VALUE}).")
    int updatesPerRound;

    @Option(
            names = "--clients",
            defaultValue = "5",
            description = "Honest edge clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "MiniCluster slots and job parallelism (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--data",
            description =
                    "Folder of the Fashion-MNIST IDX files (default $FEDSTREAM_DATA or /usr/share/datasets/fashion-mnist).")
    Path data;

    @Option(
            names = "--label",
            defaultValue = "bounded",
            description = "Name of this run in the file names (default ${DEFAULT-VALUE}).")
    String label;

    @Option(
            names = "--out",
            defaultValue = "bench-out/flood",
            description = "Folder of the CSV, chart and summary (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--job-option",
            paramLabel = "KEY=VALUE",
            description =
                    "Job option over the bench's (repeatable; e.g. max-registered-clients=2147483647).")
    Map<String, String> jobOptions = new LinkedHashMap<>();

    private double floodStartedS;
    private double floodStoppedS;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FloodBench()).execute(args));
    }

    /** Parses {@code 10m}, {@code 40 s}, {@code 1h} as Flink does. */
    static final class DurationFlag implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return TimeUtils.parseDuration(value);
        }
    }

    /** The bench's job: logreg, honest clients selected 5 a round, rounds of at most 10 s. */
    JobConfig jobConfig() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put(RoundOptions.MODEL_SPEC.key(), "logreg");
        o.put(RoundOptions.NUM_ROUNDS.key(), "1000000");
        o.put(RoundOptions.CLIENTS_PER_ROUND.key(), "5");
        o.put(RoundOptions.MIN_CLIENTS.key(), Integer.toString(clients));
        o.put(RoundOptions.ROUND_TIMEOUT.key(), "10 s");
        o.put(RoundOptions.LOCAL_EPOCHS.key(), "1");
        o.put(RoundOptions.LEARNING_RATE.key(), "0.1");
        o.put("checkpoint-interval", "5 s");
        o.put(KafkaOptions.STARTING_OFFSETS.key(), "earliest");
        // Fake ids flood the registry only without client auth (with it they are never
        // registered): this bench measures the bounds that hold even then.
        o.put("client-auth", "off");
        o.putAll(jobOptions);
        return JobConfig.fromMap(o);
    }

    @Override
    public Integer call() throws Exception {
        JobConfig job = jobConfig();
        Files.createDirectories(out);
        Path checkpoints = Files.createTempDirectory("fedstream-flood-checkpoints");
        Dataset train = FashionMnist.train(data != null ? data : FashionMnist.defaultDir());
        System.out.printf(
                Locale.ROOT,
                "flood bench '%s': %d honest clients, then %s of %d ids/s x %d heartbeats under %d"
                        + " fake ids a pass, %d updates a round; max-registered-clients %d,"
                        + " client-alive-timeout %s, heartbeat-min-interval %s%n",
                label,
                clients,
                duration,
                idsPerSecond,
                repeats,
                fakeIds,
                updatesPerRound,
                job.get(RoundOptions.MAX_REGISTERED_CLIENTS),
                job.get(RoundOptions.CLIENT_ALIVE_TIMEOUT),
                job.get(RoundOptions.HEARTBEAT_MIN_INTERVAL));
        List<FloodSample> samples = new ArrayList<>();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            JobConfig config = job.with(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
            TopicAdmin.ensureTopics(bootstrap, FedStreamJob.topicSpecs(config), (short) 1);
            try (FloodCluster cluster = FloodCluster.start(config, parallelism, checkpoints);
                    Fleet fleet =
                            Fleet.start(
                                    fleetConfig(config, bootstrap), train.head(1000 * clients));
                    Flooder flooder = new Flooder(flooderSettings(config, bootstrap))) {
                run(cluster, flooder, samples);
            }
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
        write(samples);
        return 0;
    }

    private void run(FloodCluster cluster, Flooder flooder, List<FloodSample> samples)
            throws Exception {
        flooder.start();
        long start = System.nanoTime();
        double floodFrom = warmup.toMillis() / 1e3;
        double floodTo = floodFrom + duration.toMillis() / 1e3;
        double end = floodTo + cooldown.toMillis() / 1e3;
        long lastSent = 0;
        double lastAt = 0;
        boolean started = false;
        boolean stopped = false;
        for (long k = 1; ; k++) {
            double next = k * sampleEvery.toMillis() / 1e3;
            if (next > end) {
                break;
            }
            while (elapsed(start) < next) {
                double now = elapsed(start);
                if (!started && now >= floodFrom) {
                    flooder.startFlood();
                    started = true;
                    floodStartedS = now;
                }
                if (!stopped && now >= floodTo) {
                    flooder.stopFlood();
                    stopped = true;
                    floodStoppedS = now;
                }
                Thread.sleep(100);
            }
            cluster.status(); // fails here if the job has died
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            FloodCluster.Checkpoint cp = cluster.lastCheckpoint();
            double now = elapsed(start);
            long sent = flooder.heartbeatsSent();
            FloodSample s =
                    new FloodSample(
                            now,
                            started && !stopped,
                            heap,
                            cp.id(),
                            cp.totalBytes(),
                            cp.coordinatorBytes(),
                            cp.guardBytes(),
                            cp.limiterBytes(),
                            (long) FloodMetrics.sum("clientsRegistered"),
                            (sent - lastSent) / (now - lastAt),
                            (long) FloodMetrics.sum("heartbeatsLimited"),
                            flooder.updatesSent(),
                            flooder.lastRound());
            lastSent = sent;
            lastAt = now;
            samples.add(s);
            System.out.println(s.describe());
            writeCsv(samples);
        }
        if (!stopped) {
            flooder.stopFlood();
            floodStoppedS = elapsed(start);
        }
    }

    private static double elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private FleetConfig fleetConfig(JobConfig config, String bootstrap) {
        return FleetConfig.builder()
                .numClients(clients)
                .alpha(null)
                .partitionSeed(config.get(RoundOptions.SEED))
                .clientSeed(config.get(RoundOptions.SEED))
                .trainingThreads(1)
                .attack(AttackConfig.none())
                .client(
                        EdgeClientConfig.builder()
                                .bootstrapServers(bootstrap)
                                .modelId(config.modelId())
                                .updatesTopic(config.get(KafkaOptions.TOPIC_UPDATES))
                                .heartbeatsTopic(config.get(KafkaOptions.TOPIC_HEARTBEATS))
                                .roundTasksTopic(config.get(KafkaOptions.TOPIC_ROUND_TASKS))
                                .globalModelTopic(config.get(KafkaOptions.TOPIC_GLOBAL_MODEL)))
                .build();
    }

    private Flooder.Settings flooderSettings(JobConfig config, String bootstrap) {
        return new Flooder.Settings(
                bootstrap,
                config.modelId(),
                config.modelSpec(),
                config.get(KafkaOptions.TOPIC_HEARTBEATS),
                config.get(KafkaOptions.TOPIC_UPDATES),
                config.get(KafkaOptions.TOPIC_ROUND_TASKS),
                fakeIds,
                idsPerSecond,
                repeats,
                updatesPerRound);
    }

    private void writeCsv(List<FloodSample> samples) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(FloodSample.HEADER);
        samples.forEach(s -> lines.add(s.csv()));
        Files.write(out.resolve("flood-" + label + ".csv"), lines, StandardCharsets.UTF_8);
    }

    private void write(List<FloodSample> samples) throws Exception {
        writeCsv(samples);
        List<FloodPlot.Point> points = new ArrayList<>();
        for (FloodSample s : samples) {
            points.add(
                    new FloodPlot.Point(
                            s.elapsedS() / 60,
                            s.heapUsedBytes() / 1e6,
                            s.checkpointBytes() / 1e6,
                            s.coordinatorBytes() / 1e6,
                            s.guardBytes() / 1e6,
                            s.limiterBytes() / 1e6,
                            s.registered()));
        }
        FloodPlot.write(
                points,
                floodStartedS / 60,
                floodStoppedS / 60,
                String.format(
                        Locale.ROOT,
                        "Flood '%s': %d fake ids/s x %d, %d ids a pass",
                        label,
                        idsPerSecond,
                        repeats,
                        fakeIds),
                out.resolve("flood-" + label + ".png"));
        String summary = FloodSummary.describe(samples, 60);
        Files.writeString(out.resolve("flood-" + label + ".txt"), summary, StandardCharsets.UTF_8);
        System.out.print(summary);
        System.out.println("wrote " + out.resolve("flood-" + label + ".{csv,png,txt}"));
    }
}
