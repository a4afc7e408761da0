package io.fedstream.local;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.cli.AttackOptions;
import io.fedstream.edge.cli.CompressionOptions;
import io.fedstream.edge.cli.LocalDpOptions;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.evaluator.report.MetricsCsv;
import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.local.report.LinePlot;
import io.fedstream.model.ModelSpec;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./fedstream demo}: federated training of Fashion-MNIST on this machine with every part
 * real — a KRaft broker, the Flink job on a MiniCluster, a fleet of edge clients and the evaluator.
 * Prints one line per round and writes metrics.csv, accuracy.png and summary.txt to {@code --out}.
 */
@Command(
        name = "fedstream demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run FedStream end to end on this machine and report accuracy per round.")
public final class DemoMain implements Callable<Integer> {

    @Option(
            names = "--rounds",
            defaultValue = "30",
            description = "Federated rounds (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--clients",
            defaultValue = "100",
            description = "Edge clients in the fleet (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--per-round",
            defaultValue = "10",
            description = "Clients selected per round (default ${DEFAULT-VALUE}).")
    int perRound;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            description =
                    "Dirichlet label-skew concentration, or 'iid' (default ${DEFAULT-VALUE}).")
    String alpha;

    @Option(
            names = "--model",
            defaultValue = "mlp",
            description =
                    "logreg or mlp, or an explicit spec like mlp:784-64-10 (default ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--local-epochs",
            defaultValue = "10",
            description = "Local epochs per round (default ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(
            names = "--lr",
            defaultValue = "0.1",
            description = "Client SGD learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "Client minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Seed of the model, sampling, partition and training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "demo-out",
            description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink job parallelism = aggregation shards (default ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--round-timeout",
            defaultValue = "120",
            description = "Round deadline in seconds (default ${DEFAULT-VALUE}).")
    int roundTimeoutSeconds;

    @Option(
            names = "--training-threads",
            defaultValue = "2",
            description = "Threads the fleet trains on (default ${DEFAULT-VALUE}).")
    int trainingThreads;

    @Option(
            names = "--test-limit",
            defaultValue = "10000",
            description = "Test examples the evaluator scores (default all ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(
            names = "--data-dir",
            description =
                    "Folder with the Fashion-MNIST IDX files (default $FEDSTREAM_DATA or /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(
            names = "--dp-epsilon",
            description =
                    "Turn on central DP-FedAvg with this epsilon budget: clients are Poisson-sampled with"
                            + " q = per-round / clients and training stops before the budget is exceeded.")
    Double dpEpsilon;

    @Option(
            names = "--dp-delta",
            defaultValue = "1e-5",
            description = "Delta of the DP guarantee (default ${DEFAULT-VALUE}).")
    double dpDelta;

    @Option(
            names = "--clip",
            defaultValue = "1.0",
            description =
                    "DP: L2 clip norm of each update, initial value if adaptive (default ${DEFAULT-VALUE}).")
    double clip;

    @Option(
            names = "--adaptive-clip",
            description =
                    "DP: adaptive clipping toward the median update norm (Andrew et al. 2021).")
    boolean adaptiveClip;

    @Option(
            names = "--noise-multiplier",
            description =
                    "DP: noise multiplier z; by default the smallest z whose epsilon after --rounds fits --dp-epsilon.")
    Double noiseMultiplier;

    @CommandLine.Mixin LocalDpOptions localDp = new LocalDpOptions();

    @Option(
            names = "--aggregator",
            description =
                    "Aggregation rule: fedavg (default), median, trimmed-mean, krum, multi-krum, bulyan,"
                            + " geomed, centered-clipping.")
    String aggregator;

    @Option(
            names = "--byzantine-f",
            description = "f, Byzantine updates per round the rule tolerates (job default 1).")
    Integer byzantineF;

    @Option(names = "--trim-beta", description = "trimmed-mean: beta (job default 0.2).")
    Double trimBeta;

    @Option(names = "--multi-krum-m", description = "multi-krum: m (job default n - f).")
    Integer multiKrumM;

    @Option(names = "--cc-tau", description = "centered-clipping: tau (job default 1.0).")
    Double ccTau;

    @Option(
            names = "--cc-iterations",
            description = "centered-clipping: iterations L (job default 3).")
    Integer ccIterations;

    @Option(
            names = "--norm-bound",
            description = "Clip every update to this L2 norm before the rule (job default off).")
    Double normBound;

    @Option(
            names = "--guard-anomaly-detection",
            arity = "1",
            description =
                    "Client guard: reject updates far from the previous aggregate (true/false, job"
                            + " default false).")
    Boolean guardAnomalyDetection;

    @Option(
            names = "--job-option",
            paramLabel = "KEY=VALUE",
            description =
                    "Set any job option of FedStreamOptions by key, after the flags above"
                            + " (repeatable; e.g. --job-option aggregator=median once the job has it).")
    Map<String, String> jobOptions = new LinkedHashMap<>();

    @Mixin AttackOptions attackOptions;

    @Mixin CompressionOptions compressionOptions = new CompressionOptions();

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoMain()).execute(args));
    }

    LocalSystem.Compression compressionValue() {
        try {
            return new LocalSystem.Compression(
                    compressionOptions.mode(),
                    compressionOptions.ratio(),
                    out.resolve("edge-state"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    Double alphaValue() {
        if (alpha.equalsIgnoreCase("iid")) {
            return null;
        }
        try {
            double a = Double.parseDouble(alpha);
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new NumberFormatException();
            }
            return a;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--alpha '" + alpha + "': expected a number > 0 or 'iid'");
        }
    }

    /** Local DP of the simulated clients; seeded noise, so that a demo run is reproducible. */
    LocalDpSettings localDpSettings() {
        try {
            return localDp.toSettings(true);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
    }

    JobConfig jobConfig() {
        Configuration c = new Configuration();
        c.set(FedStreamOptions.MODEL_ID, "fashion-mnist");
        c.set(FedStreamOptions.MODEL_SPEC, ModelSpec.parse(model).toString());
        c.set(FedStreamOptions.NUM_CLIENTS, clients);
        c.set(FedStreamOptions.CLIENTS_PER_ROUND, perRound);
        c.set(FedStreamOptions.NUM_ROUNDS, rounds);
        c.set(FedStreamOptions.LOCAL_EPOCHS, localEpochs);
        c.set(FedStreamOptions.LEARNING_RATE, lr);
        c.set(FedStreamOptions.BATCH_SIZE, batchSize);
        c.set(FedStreamOptions.SEED, seed);
        c.set(FedStreamOptions.ROUND_TIMEOUT, Duration.ofSeconds(roundTimeoutSeconds));
        // Start once the whole fleet has registered, so round 1 samples from every client.
        c.set(FedStreamOptions.MIN_CLIENTS, clients);
        c.set(FedStreamOptions.STARTING_OFFSETS, "earliest");
        c.set(FedStreamOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
        setIfGiven(c, FedStreamOptions.AGGREGATOR, aggregator);
        setIfGiven(c, FedStreamOptions.BYZANTINE_F, byzantineF);
        setIfGiven(c, FedStreamOptions.TRIM_BETA, trimBeta);
        setIfGiven(c, FedStreamOptions.MULTI_KRUM_M, multiKrumM);
        setIfGiven(c, FedStreamOptions.CC_TAU, ccTau);
        setIfGiven(c, FedStreamOptions.CC_ITERATIONS, ccIterations);
        setIfGiven(c, FedStreamOptions.NORM_BOUND, normBound);
        setIfGiven(c, FedStreamOptions.GUARD_ANOMALY_DETECTION, guardAnomalyDetection);
        if (dpEpsilon != null) {
            c.set(FedStreamOptions.DP, true);
            c.set(FedStreamOptions.PRIVACY_BUDGET, dpEpsilon);
            c.set(FedStreamOptions.DP_DELTA, dpDelta);
            c.set(FedStreamOptions.DP_CLIP, clip);
            c.set(FedStreamOptions.DP_ADAPTIVE_CLIP, adaptiveClip);
            if (noiseMultiplier != null) {
                c.set(FedStreamOptions.DP_NOISE_MULTIPLIER, noiseMultiplier);
            }
        }
        for (Map.Entry<String, String> e : jobOptions.entrySet()) {
            Set<String> known = jobOptionKeys();
            if (!known.contains(e.getKey())) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "--job-option "
                                + e.getKey()
                                + ": unknown job option; this build's job knows "
                                + known);
            }
            c.set(ConfigOptions.key(e.getKey()).stringType().noDefaultValue(), e.getValue());
        }
        return JobConfig.of(c);
    }

    /**
     * What one demo run produced: its rows (one per evaluated round), why the job stopped (null if
     * it did not say), whether every round came in, the job's configuration and the wall time.
     */
    public record Result(
            List<MetricsCsv.Row> rows,
            String stopReason,
            boolean complete,
            JobConfig job,
            long wallMs) {}

    /** Job options the demo only passes through: their defaults live in FedStreamOptions. */
    private static <T> void setIfGiven(
            Configuration c, org.apache.flink.configuration.ConfigOption<T> option, T value) {
        if (value != null) {
            c.set(option, value);
        }
    }

    /** The keys of every option in {@link FedStreamOptions}. */
    public static Set<String> jobOptionKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field f : FedStreamOptions.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())
                    && ConfigOption.class.isAssignableFrom(f.getType())) {
                try {
                    keys.add(((ConfigOption<?>) f.get(null)).key());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    AttackConfig attackConfig() {
        try {
            return attackOptions.toConfig(seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "attack flags: " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        return run().complete() ? 0 : 1;
    }

    /** Runs the demo with the parsed flags, writes the files into {@code --out}, returns them. */
    public Result run() throws Exception {
        Double a = alphaValue();
        JobConfig job = jobConfig();
        AttackConfig attack = attackConfig();
        LocalSystem.Compression compress = compressionValue();
        Path data = dataDir != null ? dataDir : FashionMnist.defaultDir();
        Dataset train = FashionMnist.train(data);
        Dataset test = FashionMnist.test(data);
        Files.createDirectories(out);
        deleteResiduals(compress.stateDir()); // a new run starts without a previous run's residuals
        System.out.printf(
                Locale.ROOT,
                "FedStream demo: %s, %d clients, %d per round, %s, %d rounds, %d local epochs, lr %s, batch %d, seed %d, compression %s%n",
                job.modelSpec(),
                clients,
                perRound,
                a == null ? "IID" : "Dirichlet(" + a + ")",
                rounds,
                localEpochs,
                lr,
                batchSize,
                seed,
                compress.mode().sparse()
                        ? compress.mode() + " " + compress.ratio()
                        : compress.mode().toString());

        if (job.get(FedStreamOptions.DP)) {
            System.out.println(DpPlan.of(job).describe());
        }
        LocalDpSettings local = localDpSettings();
        if (local != null) {
            System.out.println(local);
        }
        if (!jobOptions.isEmpty()) {
            System.out.println("job options: " + jobOptions);
        }
        System.out.println("attack: " + attack.describe());
        long started = System.currentTimeMillis();
        DemoReport report = new DemoReport(rounds);
        LocalSystem.Settings settings =
                new LocalSystem.Settings(
                        job,
                        parallelism,
                        a,
                        seed,
                        trainingThreads,
                        2,
                        testLimit,
                        local,
                        attack,
                        compress);
        List<String> byzantine = List.of();
        try (LocalSystem system = LocalSystem.start(settings, train, test, r -> {});
                MetricsCollector metrics =
                        new MetricsCollector(
                                system.bootstrapServers(),
                                job.get(FedStreamOptions.TOPIC_METRICS),
                                job.modelId())) {
            byzantine = system.fleet().byzantineClients();
            if (!byzantine.isEmpty()) {
                System.out.println(
                        "Byzantine clients ("
                                + byzantine.size()
                                + "): "
                                + String.join(" ", byzantine));
            }
            long limit =
                    started
                            + Duration.ofSeconds((long) roundTimeoutSeconds * (rounds + 2))
                                    .toMillis();
            while (!report.complete()) {
                for (MetricsCollector.RoundView view : metrics.poll(Duration.ofMillis(500))) {
                    System.out.println(report.add(view));
                }
                system.job().checkAlive();
                if (System.currentTimeMillis() > limit) {
                    System.err.println(
                            "demo did not finish in time; partial results are written to " + out);
                    break;
                }
            }
        }
        List<MetricsCsv.Row> rows = report.rows();
        MetricsCsv.write(out.resolve("metrics.csv"), rows);
        List<LinePlot.Point> points = new ArrayList<>();
        for (MetricsCsv.Row row : rows) {
            if (row.accuracy() != null) {
                points.add(new LinePlot.Point(row.round(), row.accuracy(), row.loss()));
            }
        }
        LinePlot.write(
                points,
                "FedStream "
                        + job.modelSpec()
                        + ", "
                        + (a == null ? "IID" : "Dir(" + a + ")")
                        + ", "
                        + clients
                        + " clients, "
                        + perRound
                        + "/round",
                out.resolve("accuracy.png"));
        report.writeCommunication(out.resolve("communication.csv"));
        long wallMs = System.currentTimeMillis() - started;
        String summary = report.summary(wallMs);
        if (report.stopReason() != null) {
            summary += System.lineSeparator() + "stopped: " + report.stopReason();
        }
        summary += System.lineSeparator() + "attack: " + attack.describe();
        if (!byzantine.isEmpty()) {
            summary += System.lineSeparator() + "byzantine clients: " + String.join(" ", byzantine);
        }
        if (!jobOptions.isEmpty()) {
            summary += System.lineSeparator() + "job options: " + jobOptions;
        }
        Files.writeString(out.resolve("summary.txt"), summary + System.lineSeparator());
        System.out.println(summary);
        System.out.println(
                "wrote "
                        + out.resolve("metrics.csv")
                        + ", "
                        + out.resolve("accuracy.png")
                        + ", "
                        + out.resolve("communication.csv")
                        + ", "
                        + out.resolve("summary.txt"));
        return new Result(rows, report.stopReason(), report.complete(), job, wallMs);
    }

    private static void deleteResiduals(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".residual")) {
                    Files.delete(f);
                }
            }
        }
    }
}
