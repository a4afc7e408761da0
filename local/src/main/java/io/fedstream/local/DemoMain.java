package io.fedstream.local;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.cli.AttackOptions;
import io.fedstream.edge.cli.CompressionOptions;
import io.fedstream.edge.cli.LocalDpOptions;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.evaluator.report.MetricsCsv;
import io.fedstream.job.aggregation.AggregationPlan;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.job.config.StartingOffsets;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.local.report.LinePlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
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

    @Mixin DemoFederationOptions federation = new DemoFederationOptions();

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

    @Mixin DemoPrivacyOptions centralDp = new DemoPrivacyOptions();

    @Mixin LocalDpOptions localDp = new LocalDpOptions();

    @Mixin DemoRobustnessOptions robustness = new DemoRobustnessOptions();

    @Mixin DemoJobOptions jobOptions = new DemoJobOptions();

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
        return federation.alphaValue(new CommandLine(this));
    }

    /** Local DP of the simulated clients; seeded noise, so that a demo run is reproducible. */
    LocalDpSettings localDpSettings() {
        try {
            return localDp.toSettings(true);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
    }

    /** The run's keys (client-auth signed), made by {@link #jobConfig}; null when off. */
    private DemoIdentities identities;

    /** The job's configuration: the demo's flags, then the --job-option overrides. */
    JobConfig jobConfig() {
        try {
            Configuration c = new Configuration();
            federation.applyTo(c);
            c.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
            c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
            robustness.applyTo(c);
            centralDp.applyTo(c);
            jobOptions.applyTo(c);
            if (c.get(IdentityOptions.CLIENT_AUTH) == ClientAuth.SIGNED
                    && !c.contains(IdentityOptions.JOB_IDENTITY)) {
                // Signed by default, as everywhere: the demo provisions its keys as an operator
                // would, and enrolls its fleet before the clients start.
                identities = DemoIdentities.create(c.get(RoundOptions.NUM_CLIENTS));
                identities.applyTo(c);
            }
            JobConfig job = JobConfig.of(c);
            AggregationPlan.of(job); // the rule's parameters, before a broker is started
            return job;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage(), e);
        }
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

    /** The keys of every job option (the registry's). */
    public static Set<String> jobOptionKeys() {
        return FedStreamOptions.keys();
    }

    AttackConfig attackConfig() {
        try {
            return attackOptions.toConfig(federation.seed);
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
                "FedStream demo: %s, %d clients, %d per round, %s, %d rounds, %d local epochs, lr %s%s, batch %d, seed %d, compression %s%n",
                job.modelSpec(),
                federation.clients,
                federation.perRound,
                a == null ? "IID" : "Dirichlet(" + a + ")",
                federation.rounds,
                federation.localEpochs,
                federation.lr,
                federation.lrDecay == 1 ? "" : " x " + federation.lrDecay + " a round",
                federation.batchSize,
                federation.seed,
                compress.mode().sparse()
                        ? compress.mode() + " " + compress.ratio()
                        : compress.mode().toString());

        if (job.get(PrivacyOptions.DP)) {
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
        DemoReport report = new DemoReport(federation.rounds);
        LocalSystem.Settings settings =
                new LocalSystem.Settings(
                        job,
                        parallelism,
                        a,
                        federation.seed,
                        trainingThreads,
                        2,
                        testLimit,
                        local,
                        attack,
                        compress,
                        identities);
        List<String> byzantine = List.of();
        try (LocalSystem system = LocalSystem.start(settings, train, test, r -> {});
                MetricsCollector metrics =
                        new MetricsCollector(
                                system.bootstrapServers(),
                                job.get(KafkaOptions.TOPIC_METRICS),
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
                            + federation
                                    .roundTimeout
                                    .multipliedBy(federation.rounds + 2)
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
                        + federation.clients
                        + " clients, "
                        + federation.perRound
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
