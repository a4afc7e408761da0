package io.fedstream.edge.client;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.data.Dataset;
import io.fedstream.edge.identity.ClientAuth;
import io.fedstream.edge.identity.RecordSealer;
import io.fedstream.edge.identity.TaskSelection;
import io.fedstream.edge.pipeline.ClientBehaviour;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.edge.pipeline.UpdatePipeline;
import io.fedstream.edge.privacy.LocalDp;
import io.fedstream.identity.RejectionCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One federated client on Kafka. It heartbeats, follows the round tasks and global models, and when
 * selected runs its {@link UpdatePipeline} (train, local DP, compress, encode, publish), which
 * publishes the resulting {@link ModelUpdate}.
 *
 * <p>One thread per client runs the poll loop (consumer, heartbeats, decisions through a {@link
 * RoundFollower}); the pipeline runs on the shared {@code trainingExecutor} so that a fleet does
 * not start more trainings than there are cores, and the loop keeps heartbeating meanwhile. At most
 * one training per client is in flight.
 *
 * <p>Startup: the client waits until its four topics exist, assigns every partition of the
 * round-task and global-model topics from the beginning, and acts on tasks only once it has read up
 * to the end offsets it saw at start, so that it never answers a stale task of the history.
 */
public final class EdgeClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeClient.class);
    private static final Duration MAX_POLL = Duration.ofMillis(200);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final EdgeClientConfig config;
    private final int localSize;
    private final long claimedSamples;
    private final ExecutorService trainingExecutor;
    private final LocalDp localDp; // null without local DP
    private final UpdatePipeline pipeline;
    private final KafkaSender sender;
    private final KafkaConsumer<String, byte[]> consumer;
    private final InputTopics inputs;
    private final RoundFollower follower;
    private final InputDispatch input;
    private final RecordSealer sealer;
    private final RejectionCounts rejections;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong roundsFinished = new AtomicLong();
    private final Thread loop;
    private volatile boolean running = true;
    private volatile long latestModelVersion = -1;
    private Future<?> inFlight;

    /**
     * Creates the Kafka clients (nothing is sent before {@link #start()}).
     *
     * @param localData this client's examples; its size is the heartbeat's and the update's
     *     num_samples
     * @param trainingExecutor where local training runs; shared by a fleet, owned by the caller
     */
    public EdgeClient(
            EdgeClientConfig config, Dataset localData, ExecutorService trainingExecutor) {
        this(config, localData, trainingExecutor, ClientBehaviour.standard());
    }

    /**
     * A client that behaves as {@code behaviour} says: {@link ClientBehaviour#standard()} on a
     * device, or what a simulated fleet makes of one of its clients.
     */
    public EdgeClient(
            EdgeClientConfig config,
            Dataset localData,
            ExecutorService trainingExecutor,
            ClientBehaviour behaviour) {
        this(config, localData, trainingExecutor, behaviour, FleetShared.alone());
    }

    /**
     * A fleet's client.
     *
     * @param shared what the fleet's clients share (selection keys, refusal counts, verified
     *     signatures)
     */
    EdgeClient(
            EdgeClientConfig config,
            Dataset localData,
            ExecutorService trainingExecutor,
            ClientBehaviour behaviour,
            FleetShared shared) {
        if (localData.size() == 0) {
            throw new IllegalArgumentException(config.clientId() + ": local dataset is empty");
        }
        this.config = config;
        this.localSize = localData.size();
        this.claimedSamples = behaviour.claimedSamples().applyAsLong(localSize);
        this.trainingExecutor = trainingExecutor;
        ClientAuth auth = config.auth();
        this.rejections = shared.rejections();
        this.follower =
                new RoundFollower(
                        config.clientId(),
                        config.modelId(),
                        RoundFollower.DEFAULT_MODELS_KEPT,
                        TaskSelection.of(config.clientId(), auth, shared.directory()));
        this.input = InputDispatch.of(config, follower, rejections, shared.verified());
        this.sealer =
                auth == null
                        ? RecordSealer.unsigned()
                        : RecordSealer.signing(auth, Clock.systemUTC());
        this.localDp = ClientPipeline.localDp(config);
        this.pipeline =
                ClientPipeline.of(config, localData, behaviour, localDp, this::publishUpdate);
        this.sender = new KafkaSender(config.clientId(), KafkaClients.producer(config));
        try {
            this.consumer = KafkaClients.consumer(config);
        } catch (RuntimeException e) {
            sender.close(Duration.ZERO);
            throw e;
        }
        this.inputs = new InputTopics(config, consumer);
        this.loop = new Thread(this::runLoop, "edge-" + config.clientId());
    }

    /** Local-DP account of this client; empty without local DP. */
    public Optional<LocalDp> localDp() {
        return Optional.ofNullable(localDp);
    }

    /** Starts the poll loop; the first heartbeat goes out as soon as the topics exist. */
    public void start() {
        loop.start();
    }

    public String clientId() {
        return config.clientId();
    }

    public EdgeClientConfig config() {
        return config;
    }

    /** The stages an update of this client passes, in order. */
    public List<String> stageNames() {
        return pipeline.stageNames();
    }

    /** Updates the broker acknowledged. */
    public long updatesSent() {
        return updatesSent.get();
    }

    /** Job records this client refused, by cause (shared by a fleet's clients). */
    public RejectionCounts rejections() {
        return rejections;
    }

    /** Heartbeats the broker acknowledged. */
    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    /**
     * Rounds whose pipeline has finished: the update handed to the producer, or refused, dropped or
     * failed (all logged).
     */
    public long roundsFinished() {
        return roundsFinished.get();
    }

    /** The highest global model version read so far; -1 before the first. */
    public long latestModelVersion() {
        return latestModelVersion;
    }

    /** Whether the poll loop thread is running (false before start and once stopped). */
    public boolean pollLoopAlive() {
        return loop.isAlive();
    }

    /**
     * Completes when the client has stopped: normally after training_complete (if configured) or
     * {@link #close()}, exceptionally if the Kafka clients failed beyond retrying.
     */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Asks the poll loop to stop without waiting for it; {@link #close()} waits. */
    void signalStop() {
        running = false;
        closing.countDown();
        if (loop.isAlive()) {
            consumer.wakeup();
        }
    }

    /** Stops the loop, flushes and closes the producer and the consumer. Idempotent. */
    @Override
    public void close() {
        running = false;
        closing.countDown();
        if (loop.isAlive()) {
            consumer.wakeup();
            try {
                loop.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (loop.isAlive()) {
                LOG.warn("{}: poll loop did not stop within {}", clientId(), CLOSE_TIMEOUT);
            }
        } else if (loop.getState() == Thread.State.NEW) {
            shutDownClients();
            completion.complete(null);
        }
    }

    private void runLoop() {
        Throwable failure = null;
        try {
            List<TopicPartition> partitions =
                    inputs.awaitPartitions(() -> running, this::awaitClosing);
            if (partitions != null) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> catchUpTo = consumer.endOffsets(partitions);
                LOG.info(
                        "{}: started with {} examples, reading {}",
                        clientId(),
                        localSize,
                        partitions);
                pollUntilStopped(catchUpTo);
            }
        } catch (WakeupException e) {
            // close() interrupted a blocking call: a normal stop
        } catch (RuntimeException | Error e) {
            LOG.error("{}: stopped on error: {}", clientId(), e.toString(), e);
            failure = e;
        } finally {
            running = false;
            shutDownClients();
        }
        // Completed only now, so that whoever waits for it finds the producer flushed and closed.
        if (failure == null) {
            completion.complete(null);
        } else {
            completion.completeExceptionally(failure);
            if (failure instanceof Error error) {
                throw error;
            }
        }
    }

    private void pollUntilStopped(Map<TopicPartition, Long> catchUpTo) {
        boolean caughtUp = false;
        long nextHeartbeat = System.currentTimeMillis();
        while (running) {
            long now = System.currentTimeMillis();
            if (now >= nextHeartbeat) {
                sendHeartbeat();
                nextHeartbeat = now + config.heartbeatIntervalMs();
            }
            long wait = Math.max(1, Math.min(MAX_POLL.toMillis(), nextHeartbeat - now));
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(wait))) {
                input.dispatch(record);
            }
            latestModelVersion = follower.latestModelVersion().orElse(-1);
            if (!caughtUp) {
                caughtUp = inputs.reached(catchUpTo);
                if (!caughtUp) {
                    continue;
                }
                LOG.debug("{}: caught up with the round history", clientId());
            }
            if (follower.trainingComplete() && config.stopWhenComplete()) {
                LOG.info(
                        "{}: training complete at model version {}, stopping",
                        clientId(),
                        follower.latestModelVersion().orElse(-1));
                return;
            }
            if (inFlight == null || inFlight.isDone()) {
                follower.nextWork().ifPresent(this::submit);
            }
        }
    }

    private void submit(RoundWork work) {
        try {
            inFlight = trainingExecutor.submit(() -> answer(work));
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "{}: training executor refused round {}: {}",
                    clientId(),
                    work.round(),
                    e.toString());
        }
    }

    /**
     * Runs the pipeline; returns once its synchronous part is done, so that a stage waiting on
     * other clients (a colluding attack) never holds a training thread.
     */
    private void answer(RoundWork work) {
        if (!running) {
            return;
        }
        pipeline.run(work)
                .whenComplete(
                        (sent, error) -> {
                            if (error != null) {
                                Throwable cause =
                                        error instanceof CompletionException
                                                        && error.getCause() != null
                                                ? error.getCause()
                                                : error;
                                LOG.error("{}: {}", clientId(), cause.getMessage(), cause);
                            }
                            roundsFinished.incrementAndGet();
                        });
    }

    private boolean publishUpdate(ModelUpdate update) {
        return sender.send(
                config.updatesTopic(),
                () -> sealer.update(update),
                "update of round " + update.getRound(),
                updatesSent);
    }

    private void sendHeartbeat() {
        ClientHeartbeat heartbeat =
                ClientMessages.heartbeat(
                        config,
                        claimedSamples,
                        localDp == null ? null : localDp.status(),
                        Instant.now());
        sender.send(
                config.heartbeatsTopic(),
                () -> sealer.heartbeat(heartbeat),
                "heartbeat",
                heartbeatsSent);
    }

    private void shutDownClients() {
        sender.stopSending();
        Future<?> pending = inFlight;
        if (pending != null) {
            // A queued training is pointless now; a running one sends nothing.
            pending.cancel(false);
        }
        sender.close(CLOSE_TIMEOUT); // flushes what was already sent
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing consumer: {}", clientId(), e.toString());
        }
    }

    private void awaitClosing(Duration d) {
        try {
            closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
