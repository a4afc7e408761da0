package io.fedstream.edge.cli;

import io.fedstream.auth.KafkaClientProperties;
import io.fedstream.data.Dataset;
import io.fedstream.data.FashionMnist;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.edge.compress.Compressor;
import io.fedstream.edge.data.Partitioner;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs a slice of a fleet of edge clients on Fashion-MNIST until the job flags training complete
 * (or until SIGTERM with {@code --stay}). Exit codes: 0 clean finish, 1 a client failed, 2 bad
 * usage.
 */
@Command(
        name = "edge-producer",
        mixinStandardHelpOptions = true,
        version = "fedstream edge-producer 0.1.0",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs federated clients: each heartbeats, trains locally (ND4J) on its own"
                    + " partition of Fashion-MNIST when a round task selects it, and publishes"
                    + " its model update.",
            "Exit codes: 0 clean finish, 1 a client failed, 2 bad usage.",
            ""
        })
public final class EdgeProducerMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeProducerMain.class);

    @Spec private CommandSpec spec;

    @Mixin AttackOptions attackOptions;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,..]",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = KafkaClientProperties.FLAG,
            paramLabel = "FILE",
            description =
                    "Kafka client properties (security.protocol, sasl.*, ssl.*) for every"
                            + " producer and consumer of this process; keep the file 0600 if it"
                            + " holds a password.")
    Path kafkaProperties;

    @Option(
            names = "--model-id",
            paramLabel = "ID",
            defaultValue = "fashion-mnist",
            description =
                    "Model to follow; tasks and models of other model ids are ignored (default"
                            + " ${DEFAULT-VALUE}).")
    String modelId;

    @Option(
            names = "--clients",
            paramLabel = "N",
            defaultValue = "1",
            description = "Clients to run in this process (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(
            names = "--first-client",
            paramLabel = "I",
            defaultValue = "0",
            description =
                    "Index of the first client of this process; client i is named"
                            + " client-NNNN (i, zero-padded) and owns data partition i (default"
                            + " ${DEFAULT-VALUE}).")
    int firstClient;

    @Option(
            names = "--num-clients",
            paramLabel = "N",
            description =
                    "Population size the data is partitioned for. Default: --first-client"
                            + " + --clients.")
    Integer numClients;

    @Option(
            names = "--alpha",
            paramLabel = "ALPHA|iid",
            defaultValue = "iid",
            converter = AlphaConverter.class,
            description =
                    "Label skew: a Dirichlet concentration > 0 (0.1 strong, 100 mild),"
                            + " or 'iid' for an even random split (default ${DEFAULT-VALUE}).")
    Double alpha;

    @Option(
            names = "--min-partition-size",
            paramLabel = "N",
            defaultValue = "" + Partitioner.DEFAULT_MIN_SIZE,
            description =
                    "Dirichlet split: redraw until every client has at least this many"
                            + " examples (default ${DEFAULT-VALUE}).")
    int minPartitionSize;

    @Option(
            names = "--partition-seed",
            paramLabel = "SEED",
            defaultValue = "0",
            description =
                    "Seed of the data partition; all processes of one fleet must use the"
                            + " same (default ${DEFAULT-VALUE}).")
    long partitionSeed;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "0",
            description = "Root seed of the clients' local training (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Folder with the Fashion-MNIST IDX files. Default: $FEDSTREAM_DATA, else"
                            + " /usr/share/datasets/fashion-mnist.")
    Path dataDir;

    @Option(
            names = "--heartbeat-ms",
            paramLabel = "MS",
            defaultValue = "" + EdgeClientConfig.DEFAULT_HEARTBEAT_INTERVAL_MS,
            description = "Heartbeat interval in milliseconds (default ${DEFAULT-VALUE}).")
    long heartbeatMs;

    @Option(
            names = "--training-threads",
            paramLabel = "N",
            defaultValue = "" + FleetConfig.DEFAULT_TRAINING_THREADS,
            description =
                    "Local trainings run at the same time in this process (default"
                            + " ${DEFAULT-VALUE}).")
    int trainingThreads;

    @Mixin TopicOptions topics = new TopicOptions();

    @Option(names = "--stay", description = "Keep running after training_complete, until SIGTERM.")
    boolean stay;

    @CommandLine.Mixin LocalDpOptions localDp = new LocalDpOptions();

    @Option(
            names = "--local-dp-seeded-noise",
            description =
                    "Local DP noise from --seed instead of SecureRandom: reproducible simulations only,"
                            + " since whoever knows the seed can remove the noise.")
    boolean localDpSeededNoise;

    @Mixin CompressionOptions compressionOptions = new CompressionOptions();

    @Option(
            names = "--max-residual-staleness",
            defaultValue = "" + Compressor.DEFAULT_MAX_STALENESS,
            description =
                    "Drop the error-feedback residual when the base model is more than this many"
                            + " versions newer than the residual's (default ${DEFAULT-VALUE}).")
    long maxResidualStaleness;

    @Option(
            names = "--state-dir",
            description =
                    "Folder where each client persists its error-feedback residual (default: memory only).")
    Path stateDir;

    @Mixin AuthOptions authOptions = new AuthOptions();

    /** Where new client identities come from; tests seed it. */
    Supplier<SecureRandom> keyRandom = SecureRandom::new;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses {@code args}, runs, and returns the exit code. */
    public static int run(String... args) {
        return new CommandLine(new EdgeProducerMain()).execute(args);
    }

    @Override
    public Integer call() {
        FleetConfig config = toFleetConfig();
        Dataset train = loadData();
        List<Dataset> clientData;
        try {
            clientData = Fleet.partition(config, train);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot partition the data with --num-clients "
                            + config.numClients()
                            + ", --alpha "
                            + (config.alpha() == null ? "iid" : config.alpha())
                            + ", --min-partition-size "
                            + config.minPartitionSize()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        Fleet fleet;
        try {
            fleet = Fleet.start(config, clientData);
        } catch (KafkaException e) {
            // The Kafka clients wrap a bad bootstrap list in "Failed to construct kafka producer".
            Throwable cause = e;
            while (cause != null && !(cause instanceof ConfigException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw e;
            }
            throw new ParameterException(
                    spec.commandLine(),
                    "--bootstrap-servers " + bootstrapServers + ": " + cause.getMessage(),
                    e);
        }
        Thread hook = new Thread(fleet::close, "edge-producer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            fleet.completion().join();
            return 0;
        } catch (CompletionException e) {
            LOG.error("a client failed: {}", e.getCause() == null ? e : e.getCause().toString());
            return 1;
        } finally {
            fleet.close();
        }
    }

    /** The fleet settings the flags describe; a bad combination names the flag. */
    FleetConfig toFleetConfig() {
        CommandLine cl = spec.commandLine();
        if (clients < 1) {
            throw new ParameterException(cl, "--clients must be >= 1, got " + clients);
        }
        if (firstClient < 0) {
            throw new ParameterException(cl, "--first-client must be >= 0, got " + firstClient);
        }
        int population = numClients != null ? numClients : firstClient + clients;
        if (firstClient + clients > population) {
            throw new ParameterException(
                    cl,
                    "--first-client "
                            + firstClient
                            + " + --clients "
                            + clients
                            + " exceeds --num-clients "
                            + population);
        }
        if (heartbeatMs <= 0) {
            throw new ParameterException(cl, "--heartbeat-ms must be > 0, got " + heartbeatMs);
        }
        if (trainingThreads < 1) {
            throw new ParameterException(
                    cl, "--training-threads must be >= 1, got " + trainingThreads);
        }
        if (minPartitionSize < 1) {
            throw new ParameterException(
                    cl, "--min-partition-size must be >= 1, got " + minPartitionSize);
        }
        EdgeClientConfig.Builder client;
        try {
            client = EdgeClientConfig.builder().localDp(localDp.toSettings(localDpSeededNoise));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        }
        if (kafkaProperties != null) {
            Properties security;
            try {
                security = KafkaClientProperties.forProcess(kafkaProperties);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, e.getMessage(), e);
            }
            for (String key : security.stringPropertyNames()) {
                client.kafkaProperty(key, security.getProperty(key));
            }
            LOG.info(
                    "Kafka client properties from {}: {}",
                    kafkaProperties,
                    KafkaClientProperties.describe(security));
        }
        client =
                client.bootstrapServers(bootstrapServers)
                        .modelId(modelId)
                        .updatesTopic(topics.updates())
                        .heartbeatsTopic(topics.heartbeats())
                        .roundTasksTopic(topics.roundTasks())
                        .globalModelTopic(topics.globalModel())
                        .heartbeatIntervalMs(heartbeatMs)
                        .stopWhenComplete(!stay)
                        .maxResidualStaleness(maxResidualStaleness)
                        .stateDir(stateDir);
        try {
            client.compression(compressionOptions.mode())
                    .compressionRatio(compressionOptions.ratio());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        }
        AttackConfig attack;
        try {
            attack = attackOptions.toConfig(seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "attack flags: " + e.getMessage(), e);
        }
        FleetConfig.Builder fleet =
                FleetConfig.builder()
                        .attack(attack)
                        .numClients(population)
                        .alpha(alpha)
                        .minPartitionSize(minPartitionSize)
                        .partitionSeed(partitionSeed)
                        .clientSeed(seed)
                        .trainingThreads(trainingThreads)
                        .firstClient(firstClient)
                        .clientCount(clients)
                        .client(client);
        // Client authentication (issue #14): on unless --insecure-no-auth.
        AuthOptions.Settings auth;
        try {
            auth =
                    authOptions.resolve(
                            AuthOptions.clientIds(firstClient, clients), keyRandom.get());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        }
        if (auth != null) {
            fleet.auth(auth.job(), auth.runId(), auth.identities());
        }
        try {
            return fleet.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        }
    }

    private Dataset loadData() {
        Path dir = dataDir != null ? dataDir : FashionMnist.defaultDir();
        try {
            return FashionMnist.train(dir);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new ParameterException(
                    spec.commandLine(), "--data-dir " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Parses --alpha: a positive finite number, or 'iid' for null. */
    static final class AlphaConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.trim().toLowerCase(Locale.ROOT).equals("iid")) {
                return null;
            }
            double a;
            try {
                a = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is neither a number > 0 nor 'iid'");
            }
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' must be a finite number > 0 (or 'iid')");
            }
            return a;
        }
    }
}
