package io.fedstream.edge.client;

import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.attack.AttackStage;
import io.fedstream.edge.attack.ByzantineSelection;
import io.fedstream.edge.attack.ClientAttack;
import io.fedstream.edge.attack.CollusionBoard;
import io.fedstream.edge.data.Partitioner;
import io.fedstream.edge.identity.SelectionDirectory;
import io.fedstream.edge.pipeline.ClientBehaviour;
import io.fedstream.edge.train.Nd4jThreads;
import io.fedstream.identity.Identity;
import io.fedstream.identity.RejectionCounts;
import io.fedstream.identity.VerifiedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many {@link EdgeClient}s in one JVM, each with its own producer, consumer and data partition,
 * sharing one bounded training executor so that their local training does not oversubscribe the
 * cores. Start with {@link #start(FleetConfig, Dataset)}; stop with {@link #close()}.
 *
 * <p>In an attack simulation ({@link FleetConfig#attack()}) every client gets the behaviour of its
 * {@link ClientAttack}: an {@link AttackStage} inserted into its pipeline right after training
 * (honest clients hand their update on, posting it where colluders need it), poisoned labels for
 * label flipping and an inflated heartbeat sample count where the attack says so. Without an attack
 * every client runs {@link ClientBehaviour#standard()}.
 *
 * <p>With authentication ({@link FleetConfig#authenticated()}) the clients share one {@link
 * RejectionCounts}, so that the process logs each cause of a refused job record once. Under a
 * colluding attack they also share one {@link SelectionDirectory} of all their selection keys, so
 * that colluders know which of the process's clients a task selects, as they do from the ids
 * without authentication.
 *
 * <p>Starting a fleet limits ND4J operations process-wide to {@code cores / trainingThreads}
 * threads each (see {@link Nd4jThreads}).
 */
public final class Fleet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final List<EdgeClient> clients;
    private final ExecutorService trainingExecutor;
    private final CompletableFuture<Void> completion;
    private final List<String> byzantineClients;
    private final CollusionBoard board;
    private final RejectionCounts rejections;
    private boolean closed;

    private Fleet(
            List<EdgeClient> clients,
            ExecutorService trainingExecutor,
            List<String> byzantineClients,
            CollusionBoard board,
            RejectionCounts rejections) {
        this.clients = List.copyOf(clients);
        this.rejections = rejections;
        this.trainingExecutor = trainingExecutor;
        this.byzantineClients = List.copyOf(byzantineClients);
        this.board = board;
        this.completion =
                CompletableFuture.allOf(
                        clients.stream()
                                .map(EdgeClient::completion)
                                .toArray(CompletableFuture[]::new));
    }

    /**
     * Partitions {@code trainData} among {@link FleetConfig#numClients()} clients (IID or
     * Dirichlet, seeded by {@link FleetConfig#partitionSeed()}) and starts this process's slice.
     */
    public static Fleet start(FleetConfig config, Dataset trainData) {
        return start(config, partition(config, trainData));
    }

    /**
     * The datasets of this process's clients: {@code trainData} split among the whole population as
     * {@code config} says, then the slice {@code firstClient .. firstClient + clientCount - 1}.
     *
     * @throws IllegalArgumentException if the data cannot serve that many clients
     * @throws IllegalStateException if no Dirichlet draw gives every client the minimum size
     */
    public static List<Dataset> partition(FleetConfig config, Dataset trainData) {
        int[][] parts =
                Partitioner.partition(
                        trainData,
                        config.numClients(),
                        config.alpha(),
                        config.minPartitionSize(),
                        config.partitionSeed());
        int[] sizes = Arrays.stream(parts).mapToInt(p -> p.length).sorted().toArray();
        LOG.info(
                "partitioned {} examples among {} clients ({}): sizes min {}, median {}, max {}",
                trainData.size(),
                config.numClients(),
                config.alpha() == null ? "IID" : "Dirichlet alpha=" + config.alpha(),
                sizes[0],
                sizes[sizes.length / 2],
                sizes[sizes.length - 1]);
        return Partitioner.subsets(trainData, parts, config.firstClient(), config.clientCount());
    }

    /**
     * Starts clients {@code firstClient ..} with pre-made data: {@code clientData.get(k)} belongs
     * to client {@code firstClient + k}. Its size must equal {@link FleetConfig#clientCount()}.
     */
    public static Fleet start(FleetConfig config, List<Dataset> clientData) {
        if (clientData.size() != config.clientCount()) {
            throw new IllegalArgumentException(
                    "client datasets "
                            + clientData.size()
                            + " vs clientCount "
                            + config.clientCount());
        }
        Nd4jThreads.limitPerOperation(Nd4jThreads.perOperationFor(config.trainingThreads()));
        AttackConfig attack = config.attack();
        List<String> byzantine = byzantineClients(config);
        Set<String> localIds = new LinkedHashSet<>();
        for (int k = 0; k < clientData.size(); k++) {
            localIds.add(FleetConfig.clientId(config.firstClient() + k));
        }
        CollusionBoard board =
                attack.active() && attack.type().needsHonestUpdates() ? new CollusionBoard() : null;
        RejectionCounts rejections = new RejectionCounts();
        // The clients read the same model and task records: each job signature is verified once.
        VerifiedRecords verified = new VerifiedRecords();
        SelectionDirectory directory = board != null ? sharedDirectory(config, localIds) : null;
        ExecutorService executor = trainingExecutor(config.trainingThreads());
        List<EdgeClient> clients = new ArrayList<>(clientData.size());
        try {
            for (int k = 0; k < clientData.size(); k++) {
                int index = config.firstClient() + k;
                String id = FleetConfig.clientId(index);
                ClientBehaviour behaviour =
                        attack.active()
                                ? AttackStage.behaviour(
                                        ClientAttack.of(
                                                attack,
                                                id,
                                                Seeds.derive(attack.seed(), index),
                                                Set.copyOf(byzantine),
                                                localIds,
                                                board))
                                : ClientBehaviour.standard();
                clients.add(
                        new EdgeClient(
                                config.clientConfig(index),
                                clientData.get(k),
                                executor,
                                behaviour,
                                new FleetShared(directory, rejections, verified)));
            }
        } catch (RuntimeException e) {
            clients.forEach(EdgeClient::close);
            executor.shutdownNow();
            if (board != null) {
                board.close();
            }
            throw e;
        }
        if (attack.active()) {
            LOG.warn(
                    "attack simulation: {}; Byzantine clients ({} of {}): {}",
                    attack.describe(),
                    byzantine.size(),
                    config.numClients(),
                    byzantine);
        }
        Fleet fleet = new Fleet(clients, executor, byzantine, board, rejections);
        clients.forEach(EdgeClient::start);
        LOG.info(
                "started clients [{}, {}) of {} on {} training threads",
                config.firstClient(),
                config.firstClient() + config.clientCount(),
                config.numClients(),
                config.trainingThreads());
        return fleet;
    }

    public List<EdgeClient> clients() {
        return clients;
    }

    /** The job records the clients refused, by cause (all zero with authentication off). */
    public RejectionCounts rejections() {
        return rejections;
    }

    /** The selection keys of all of this process's clients; null without authentication. */
    private static SelectionDirectory sharedDirectory(FleetConfig config, Set<String> localIds) {
        if (!config.authenticated()) {
            return null;
        }
        Map<String, Identity> local = new LinkedHashMap<>();
        for (String id : localIds) {
            local.put(id, config.identities().get(id));
        }
        return SelectionDirectory.of(local, config.jobIdentity(), config.runId());
    }

    /**
     * The Byzantine clients of the whole population (not only this process's slice), ascending;
     * empty without an attack.
     */
    public List<String> byzantineClients() {
        return byzantineClients;
    }

    /** The Byzantine clients of {@code config}'s population, chosen from the attack's seed. */
    public static List<String> byzantineClients(FleetConfig config) {
        AttackConfig attack = config.attack();
        if (!attack.active()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (int i :
                ByzantineSelection.choose(
                        config.numClients(), attack.byzantineFraction(), attack.seed())) {
            ids.add(FleetConfig.clientId(i));
        }
        return ids;
    }

    /** Completes when every client has stopped; exceptionally if any client failed. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /**
     * Waits until every client has stopped.
     *
     * @return false on timeout
     * @throws ExecutionException if a client stopped on an error
     */
    public boolean awaitCompletion(Duration timeout)
            throws InterruptedException, ExecutionException {
        try {
            completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Stops every client (they shut down in parallel), then the training executor. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        clients.forEach(EdgeClient::signalStop);
        clients.forEach(EdgeClient::close);
        trainingExecutor.shutdownNow();
        if (board != null) {
            board.close();
        }
        try {
            if (!trainingExecutor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("training threads still busy 30 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("fleet of {} clients closed", clients.size());
    }

    private static ExecutorService trainingExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(
                threads,
                r -> {
                    Thread t = new Thread(r, "fedstream-train-" + n.getAndIncrement());
                    t.setDaemon(true);
                    return t;
                });
    }
}
