package io.fedstream.edge.client;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.WireCodec;
import io.fedstream.contract.WireFormatException;
import io.fedstream.data.Dataset;
import io.fedstream.edge.Seeds;
import io.fedstream.edge.attack.ClientAttack;
import io.fedstream.edge.compress.Compressor;
import io.fedstream.edge.compress.ResidualStore;
import io.fedstream.edge.privacy.LocalDp;
import io.fedstream.edge.train.Nd4jTrainer;
import io.fedstream.edge.train.TrainingResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One federated client on Kafka. It heartbeats, follows the round tasks and global models, trains
 * on its own data when selected and publishes the resulting {@link ModelUpdate}.
 *
 * <p>One thread per client runs the poll loop (consumer, heartbeats, decisions through a {@link
 * RoundFollower}); training runs on the shared {@code trainingExecutor} so that a fleet does not
 * start more trainings than there are cores, and the loop keeps heartbeating meanwhile. At most one
 * training per client is in flight.
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
    private final Dataset localData;
    private final ExecutorService trainingExecutor;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final RoundFollower follower;
    private final ClientAttack attack;
    private final Compressor compressor;
    private final WireCodec<RoundTask> taskCodec = Codecs.roundTask();
    private final WireCodec<GlobalModel> modelCodec = Codecs.globalModel();
    private final WireCodec<ModelUpdate> updateCodec = Codecs.modelUpdate();
    private final WireCodec<ClientHeartbeat> heartbeatCodec = Codecs.heartbeat();
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object sendLock = new Object();
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final Thread loop;
    private final LocalDp localDp; // null without local DP
    private volatile boolean running = true;
    private boolean producerClosed; // guarded by sendLock
    private Nd4jTrainer trainer; // used by one training at a time
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
        this(config, localData, trainingExecutor, ClientAttack.honest());
    }

    /**
     * A client that behaves as {@code attack} says (honest, or one of a simulation's Byzantine
     * clients).
     */
    public EdgeClient(
            EdgeClientConfig config,
            Dataset localData,
            ExecutorService trainingExecutor,
            ClientAttack attack) {
        this.attack = attack;
        if (localData.size() == 0) {
            throw new IllegalArgumentException(config.clientId() + ": local dataset is empty");
        }
        this.config = config;
        this.localData = localData;
        this.trainingExecutor = trainingExecutor;
        this.follower = new RoundFollower(config.clientId(), config.modelId());
        this.localDp = localDp(config);
        this.compressor =
                new Compressor(
                        config.compression(),
                        config.compressionRatio(),
                        config.maxResidualStaleness(),
                        config.stateDir() == null
                                ? null
                                : new ResidualStore(config.stateDir(), config.clientId()));
        this.producer = KafkaClients.producer(config);
        try {
            this.consumer = KafkaClients.consumer(config);
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.loop = new Thread(this::runLoop, "edge-" + config.clientId());
    }

    /**
     * The client's local-DP mechanism: noise from SecureRandom, or for simulations from a stream
     * seeded by (client seed, -2), apart from the training seeds (seed, round >= 1).
     */
    private static LocalDp localDp(EdgeClientConfig config) {
        if (config.localDp() == null) {
            return null;
        }
        return new LocalDp(
                config.localDp(),
                config.localDp().seededNoise()
                        ? new SplittableRandom(Seeds.derive(config.seed(), -2))
                        : new SecureRandom());
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

    /** This client's behaviour in an attack simulation ({@link ClientAttack#honest()} if none). */
    public ClientAttack attack() {
        return attack;
    }

    /** Updates the broker acknowledged. */
    public long updatesSent() {
        return updatesSent.get();
    }

    /** Heartbeats the broker acknowledged. */
    public long heartbeatsSent() {
        return heartbeatsSent.get();
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
            List<TopicPartition> partitions = awaitInputPartitions();
            if (partitions != null) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> catchUpTo = consumer.endOffsets(partitions);
                LOG.info(
                        "{}: started with {} examples, reading {}",
                        clientId(),
                        localData.size(),
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
                dispatch(record);
            }
            if (!caughtUp) {
                caughtUp = reached(catchUpTo);
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

    /**
     * The partitions of the task and model topics, once all four topics exist; null if closed
     * first.
     */
    private List<TopicPartition> awaitInputPartitions() {
        List<String> needed =
                List.of(
                        config.roundTasksTopic(),
                        config.globalModelTopic(),
                        config.heartbeatsTopic(),
                        config.updatesTopic());
        boolean logged = false;
        while (running) {
            try {
                Map<String, List<PartitionInfo>> topics =
                        consumer.listTopics(Duration.ofSeconds(5));
                if (topics.keySet().containsAll(needed)) {
                    List<TopicPartition> out = new ArrayList<>();
                    for (String topic : needed.subList(0, 2)) {
                        for (PartitionInfo p : topics.get(topic)) {
                            out.add(new TopicPartition(topic, p.partition()));
                        }
                    }
                    return out;
                }
            } catch (TimeoutException e) {
                LOG.debug("{}: broker not reachable yet: {}", clientId(), e.getMessage());
            }
            if (!logged) {
                LOG.info(
                        "{}: waiting for topics {} on {}",
                        clientId(),
                        needed,
                        config.bootstrapServers());
                logged = true;
            }
            awaitClosing(Duration.ofMillis(500));
        }
        return null;
    }

    private boolean reached(Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        try {
            if (record.topic().equals(config.roundTasksTopic())) {
                follower.onRoundTask(taskCodec.decode(record.value()));
            } else {
                follower.onGlobalModel(modelCodec.decode(record.value()));
            }
        } catch (WireFormatException e) {
            LOG.warn(
                    "{}: skipping undecodable record {}-{}@{} ({}): {}",
                    clientId(),
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.kind(),
                    e.getMessage());
        }
    }

    private void submit(RoundWork work) {
        try {
            inFlight = trainingExecutor.submit(() -> trainAndPublish(work));
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "{}: training executor refused round {}: {}",
                    clientId(),
                    work.round(),
                    e.toString());
        }
    }

    private void trainAndPublish(RoundWork work) {
        if (!running) {
            return;
        }
        if (localDp != null && !localDp.canRelease()) {
            LOG.warn(
                    "{}: not answering round {}: local DP budget exhausted: {} releases spent"
                            + " epsilon {} and one more would spend {} > budget {} at delta {}",
                    clientId(),
                    work.round(),
                    localDp.releases(),
                    fmt(localDp.epsilonSpent()),
                    fmt(localDp.epsilonAfterNextRelease()),
                    localDp.settings().epsilonBudget(),
                    localDp.settings().delta());
            return;
        }
        try {
            if (trainer == null || !trainer.spec().equals(work.spec())) {
                trainer = new Nd4jTrainer(work.spec());
            }
            TrainingResult result =
                    trainer.train(
                            work.parameters(),
                            localData,
                            work.localEpochs(),
                            work.learningRate(),
                            work.batchSize(),
                            Seeds.derive(config.seed(), work.round()),
                            attack.labelMap(work.spec().numClasses()));
            // Colluding attacks complete later, on the thread of the last colluder's post or the
            // board's timer, so that waiting never holds a training thread.
            attack.answer(work.round(), work.selectedClients(), result.delta(), result.numSamples())
                    .whenComplete(
                            (out, error) -> {
                                if (error != null) {
                                    LOG.error(
                                            "{}: attack simulation for round {} failed: {}",
                                            clientId(),
                                            work.round(),
                                            error.toString(),
                                            error);
                                } else {
                                    publish(work, result, out);
                                }
                            });
        } catch (RuntimeException e) {
            LOG.error(
                    "{}: training for round {} failed: {}",
                    clientId(),
                    work.round(),
                    e.toString(),
                    e);
        }
    }

    private void publish(RoundWork work, TrainingResult honest, ClientAttack.Outgoing out) {
        long round = work.round();
        float[] delta = out.delta();
        if (localDp != null) {
            // Local DP privatizes whatever leaves the device, after any simulated attack.
            Optional<float[]> released = localDp.release(delta);
            if (released.isEmpty()) {
                LOG.warn("{}: round {}: local DP budget exhausted, not sent", clientId(), round);
                return;
            }
            delta = released.get();
            LOG.info(
                    "{}: round {}: local DP release {}, epsilon spent {} at delta {}",
                    clientId(),
                    round,
                    localDp.releases(),
                    fmt(localDp.epsilonSpent()),
                    localDp.settings().delta());
        }
        // Compression (with its error feedback) encodes exactly what is sent; its stochastic
        // rounding draws from (seed, round), apart from training's stream.
        Compressor.Result compressed =
                compressor.compress(
                        delta,
                        work.baseVersion(),
                        work.spec().shapes(),
                        new SplittableRandom(Seeds.derive(Seeds.derive(config.seed(), round), 1)));
        TrainingResult sentResult =
                new TrainingResult(delta, honest.loss(), out.numSamples(), honest.timeMs());
        ModelUpdate update =
                ClientMessages.update(config, work, sentResult, compressed.tensor(), Instant.now());
        boolean sent =
                send(
                        config.updatesTopic(),
                        updateCodec.encode(update),
                        "update of round " + round,
                        updatesSent);
        if (sent && out.note() != null) {
            // Warn level, so that the demo's log shows every malicious update and who sent it.
            LOG.warn(
                    "{}: BYZANTINE round {} from version {}: {} ({} examples claimed)",
                    clientId(),
                    round,
                    work.baseVersion(),
                    out.note(),
                    out.numSamples());
        } else if (sent) {
            LOG.info(
                    "{}: round {} from version {}: loss {}, {} examples, {} ms",
                    clientId(),
                    round,
                    work.baseVersion(),
                    String.format("%.4f", honest.loss()),
                    out.numSamples(),
                    honest.timeMs());
        }
    }

    private void sendHeartbeat() {
        ClientHeartbeat heartbeat =
                ClientMessages.heartbeat(
                        config,
                        attack.claimedSamples(localData.size()),
                        localDp == null ? null : localDp.status(),
                        Instant.now());
        send(
                config.heartbeatsTopic(),
                heartbeatCodec.encode(heartbeat),
                "heartbeat",
                heartbeatsSent);
    }

    /**
     * Sends unless the producer is closing; false if it was. Failures are logged by the callback.
     */
    private boolean send(String topic, byte[] value, String what, AtomicLong acked) {
        synchronized (sendLock) {
            if (producerClosed) {
                LOG.debug("{}: dropping {} after close", clientId(), what);
                return false;
            }
            producer.send(
                    new ProducerRecord<>(topic, clientId(), value),
                    (metadata, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                        } else {
                            LOG.warn(
                                    "{}: {} not delivered to {}: {}",
                                    clientId(),
                                    what,
                                    topic,
                                    error.toString());
                        }
                    });
            return true;
        }
    }

    private void shutDownClients() {
        synchronized (sendLock) {
            producerClosed = true;
        }
        Future<?> pending = inFlight;
        if (pending != null) {
            pending.cancel(
                    false); // a queued training is pointless now; a running one sends nothing
        }
        try {
            producer.close(CLOSE_TIMEOUT); // flushes what was already sent
        } catch (RuntimeException e) {
            LOG.warn("{}: closing producer: {}", clientId(), e.toString());
        }
        try {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing consumer: {}", clientId(), e.toString());
        }
    }

    private static String fmt(double epsilon) {
        return String.format(Locale.ROOT, "%.4f", epsilon);
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
