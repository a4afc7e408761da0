package io.fedstream.local;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.data.Dataset;
import io.fedstream.edge.attack.AttackConfig;
import io.fedstream.edge.client.EdgeClientConfig;
import io.fedstream.edge.client.Fleet;
import io.fedstream.edge.client.FleetConfig;
import io.fedstream.edge.compress.CompressionMode;
import io.fedstream.edge.privacy.LocalDpSettings;
import io.fedstream.evaluator.EvaluationResult;
import io.fedstream.evaluator.Evaluator;
import io.fedstream.evaluator.EvaluatorConfig;
import io.fedstream.job.FedStreamJob;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.testkit.EmbeddedKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: an embedded KRaft broker, the job on a MiniCluster, a fleet of
 * edge clients (each a real Kafka client with its own data) and the evaluator. Closing it stops
 * them in reverse order.
 */
public final class LocalSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSystem.class);

    private final EmbeddedKafka kafka;
    private final LocalJob job;
    private final Evaluator evaluator;
    private final Thread evaluatorThread;
    private final Fleet fleet;

    private LocalSystem(
            EmbeddedKafka kafka,
            LocalJob job,
            Evaluator evaluator,
            Thread evaluatorThread,
            Fleet fleet) {
        this.kafka = kafka;
        this.job = job;
        this.evaluator = evaluator;
        this.evaluatorThread = evaluatorThread;
        this.fleet = fleet;
    }

    /**
     * How the edge clients compress their updates.
     *
     * @param ratio fraction of coordinates top-k keeps
     * @param stateDir where each client persists its error-feedback residual; null for memory only
     */
    public record Compression(CompressionMode mode, double ratio, Path stateDir) {
        public static final Compression NONE = new Compression(CompressionMode.NONE, 0.1, null);
    }

    /**
     * What the local run needs beyond the job's own options.
     *
     * @param localDp local DP of every edge client, null for none
     * @param attack the fleet's simulated attack ({@link AttackConfig#none()} for an honest fleet)
     * @param compression how the edge clients encode their updates
     * @param identities the keys of a signed run (client-auth signed: the job's options name them),
     *     null for client-auth off
     */
    public record Settings(
            JobConfig job,
            int parallelism,
            Double alpha,
            long partitionSeed,
            int trainingThreads,
            int evaluatorThreads,
            int testLimit,
            LocalDpSettings localDp,
            AttackConfig attack,
            Compression compression,
            DemoIdentities identities) {

        /** Settings of an honest fleet without local DP, with dense updates. */
        public Settings(
                JobConfig job,
                int parallelism,
                Double alpha,
                long partitionSeed,
                int trainingThreads,
                int evaluatorThreads,
                int testLimit) {
            this(
                    job,
                    parallelism,
                    alpha,
                    partitionSeed,
                    trainingThreads,
                    evaluatorThreads,
                    testLimit,
                    null,
                    AttackConfig.none(),
                    Compression.NONE,
                    null);
        }
    }

    /**
     * Starts the broker, creates the topics, submits the job, then starts the evaluator and the
     * fleet (the job only opens round 1 once enough clients are alive).
     *
     * @param train the training set the fleet partitions among its clients
     * @param test the evaluator's test set
     * @param onEvaluation called with each evaluation, on the evaluator's thread
     */
    public static LocalSystem start(
            Settings s, Dataset train, Dataset test, Consumer<EvaluationResult> onEvaluation)
            throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        String bootstrap = kafka.bootstrapServers();
        JobConfig config = s.job().with(KafkaOptions.BOOTSTRAP_SERVERS, bootstrap);
        List<Topics.TopicSpec> topics = new ArrayList<>(FedStreamJob.topicSpecs(config));
        topics.add(Topics.evaluations(Topics.EVALUATIONS)); // the evaluator's output
        topics.add(Topics.enrollments(config.get(KafkaOptions.TOPIC_ENROLLMENTS))); // operator's
        TopicAdmin.ensureTopics(bootstrap, topics, (short) 1);
        LOG.info("Kafka (KRaft) on {}; topics created", bootstrap);
        DemoIdentities ids = s.identities();
        if (ids != null) {
            ids.enrollAll(bootstrap, config.get(KafkaOptions.TOPIC_ENROLLMENTS));
            LOG.info("{} clients enrolled; run {}", ids.clients().size(), ids.runId());
        }

        LocalJob job = LocalJob.start(config, s.parallelism());
        EvaluatorConfig.Builder evaluatorConfig =
                EvaluatorConfig.builder()
                        .bootstrapServers(bootstrap)
                        .modelId(config.modelId())
                        .globalModelTopic(config.get(KafkaOptions.TOPIC_GLOBAL_MODEL))
                        .evaluationsTopic(Topics.EVALUATIONS)
                        .threads(s.evaluatorThreads())
                        .testLimit(s.testLimit())
                        .stopWhenComplete(true)
                        .onResult(onEvaluation);
        if (ids != null) {
            evaluatorConfig.auth(ids.jobPublic(), ids.runId());
        }
        Evaluator evaluator = Evaluator.create(evaluatorConfig.build(), test);
        Thread evaluatorThread = new Thread(evaluator, "evaluator");
        evaluatorThread.setDaemon(true);
        evaluatorThread.start();

        FleetConfig.Builder fleetBuilder =
                FleetConfig.builder()
                        .numClients(config.get(RoundOptions.NUM_CLIENTS))
                        .alpha(s.alpha())
                        .partitionSeed(s.partitionSeed())
                        .clientSeed(config.get(RoundOptions.SEED))
                        .trainingThreads(s.trainingThreads())
                        .attack(s.attack())
                        .client(
                                EdgeClientConfig.builder()
                                        .bootstrapServers(bootstrap)
                                        .modelId(config.modelId())
                                        .updatesTopic(config.get(KafkaOptions.TOPIC_UPDATES))
                                        .heartbeatsTopic(config.get(KafkaOptions.TOPIC_HEARTBEATS))
                                        .roundTasksTopic(config.get(KafkaOptions.TOPIC_ROUND_TASKS))
                                        .globalModelTopic(
                                                config.get(KafkaOptions.TOPIC_GLOBAL_MODEL))
                                        .stopWhenComplete(true)
                                        .localDp(s.localDp())
                                        .compression(s.compression().mode())
                                        .compressionRatio(s.compression().ratio())
                                        .stateDir(s.compression().stateDir()));
        if (ids != null) {
            fleetBuilder.auth(ids.jobPublic(), ids.runId(), ids.clients());
        }
        FleetConfig fleetConfig = fleetBuilder.build();
        Fleet fleet = Fleet.start(fleetConfig, train);
        LOG.info(
                "job submitted; {} edge clients and the evaluator started",
                config.get(RoundOptions.NUM_CLIENTS));
        return new LocalSystem(kafka, job, evaluator, evaluatorThread, fleet);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public LocalJob job() {
        return job;
    }

    public Fleet fleet() {
        return fleet;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (AutoCloseable c : new AutoCloseable[] {fleet, evaluator, job, kafka}) {
            try {
                c.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        evaluatorThread.join(10_000);
        if (first != null) {
            throw first;
        }
    }
}
