package io.fedstream.local;

import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.compress.CompressionMode;
import io.fedstream.evaluator.report.LinePlot;
import io.fedstream.evaluator.report.MetricsCsv;
import io.fedstream.job.config.FedStreamOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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

    @Option(
            names = "--compression",
            defaultValue = "none",
            paramLabel = "none|topk|q8|topk+q8",
            description =
                    "Edge update encoding: dense, top-k with error feedback, unbiased 8-bit, or both"
                            + " (default ${DEFAULT-VALUE}).")
    String compression;

    @Option(
            names = "--compression-ratio",
            defaultValue = "0.1",
            description =
                    "Fraction of coordinates top-k keeps, k = ceil(ratio * d) (default ${DEFAULT-VALUE}).")
    double compressionRatio;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoMain()).execute(args));
    }

    LocalSystem.Compression compressionValue() {
        CompressionMode mode;
        try {
            mode = CompressionMode.parse(compression);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--compression: " + e.getMessage());
        }
        if (!(compressionRatio > 0) || compressionRatio > 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--compression-ratio " + compressionRatio + ": expected in (0, 1]");
        }
        return new LocalSystem.Compression(mode, compressionRatio, out.resolve("edge-state"));
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
        return JobConfig.of(c);
    }

    @Override
    public Integer call() throws Exception {
        Double a = alphaValue();
        JobConfig job = jobConfig();
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
                        ? compress.mode() + " " + compressionRatio
                        : compress.mode().toString());

        if (job.get(FedStreamOptions.DP)) {
            System.out.println(DpPlan.of(job).describe());
        }
        long started = System.currentTimeMillis();
        DemoReport report = new DemoReport(rounds);
        LocalSystem.Settings settings =
                new LocalSystem.Settings(
                        job, parallelism, a, seed, trainingThreads, 2, testLimit, compress);
        try (LocalSystem system = LocalSystem.start(settings, train, test, r -> {});
                MetricsCollector metrics =
                        new MetricsCollector(
                                system.bootstrapServers(),
                                job.get(FedStreamOptions.TOPIC_METRICS),
                                job.modelId())) {
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
        String summary = report.summary(System.currentTimeMillis() - started);
        if (report.stopReason() != null) {
            summary += System.lineSeparator() + "stopped: " + report.stopReason();
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
        return report.complete() ? 0 : 1;
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
