package io.fedstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.avro.ClientHeartbeat;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.edge.client.Fleet;
import io.fedstream.identity.SecretFiles;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.PrivacyOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.RoundChecks;
import io.fedstream.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round membership is a function of the log. A live run loses a TaskManager in the middle of its
 * rounds and restarts from its last checkpoint; afterwards a second job, with fresh state and its
 * own output topics, reads the same update and heartbeat log from the start. Both release the same
 * round tasks (round, model version, selected clients, deadline) and the same models, parameter for
 * parameter, including rounds that closed at their deadline: three of the six alive clients are
 * selected each round, and one of them heartbeats but never answers. The live run keeps its state
 * in RocksDB with incremental checkpoints in a directory (as {@code fedstream cluster} does), the
 * replay on the heap.
 */
class ReplayedRoundsITCase {
    private static final String MODEL = "replayed";
    private static final int ROUNDS = 6;
    private static final String SILENT = "silent-client";
    private static final Duration WAIT = Duration.ofSeconds(150);

    @RegisterExtension static final MiniClusterExtension FLINK = Failovers.twoTaskManagers();

    @Test
    @Timeout(420)
    void aRestoredRunAndAReplayOfItsLogReleaseTheSameRounds(
            @InjectMiniCluster MiniCluster miniCluster, @TempDir Path checkpoints)
            throws Exception {
        liveAndReplay(miniCluster, checkpoints, settings -> {});
    }

    /**
     * Under DP the clients are a Poisson sample drawn with the secret seed, and the noise is keyed
     * by the round's members: the restored run and the replay (the same key file) draw the same
     * sample and the same noise, so the aborted attempt of a recomputed round equals the committed
     * release bit for bit.
     */
    @Test
    @Timeout(420)
    void underDpTheRecomputedRoundsDrawTheSameSampleAndNoise(
            @InjectMiniCluster MiniCluster miniCluster,
            @TempDir Path checkpoints,
            @TempDir Path keys)
            throws Exception {
        Path keyFile = keys.resolve("dp.key");
        SecretFiles.create(keyFile, "replayed-rounds-noise-key".getBytes(StandardCharsets.UTF_8));
        liveAndReplay(
                miniCluster,
                checkpoints,
                settings -> {
                    settings.set(RoundOptions.NUM_CLIENTS, SmallFederation.CLIENTS + 1);
                    settings.set(PrivacyOptions.DP, true);
                    settings.set(PrivacyOptions.DP_NOISE_MULTIPLIER, 0.5);
                    settings.set(PrivacyOptions.DP_CLIP, 1.0);
                    settings.set(PrivacyOptions.PRIVACY_BUDGET, 1_000.0);
                    settings.set(PrivacyOptions.DP_KEY_FILE, keyFile.toString());
                });
    }

    private void liveAndReplay(
            MiniCluster miniCluster, Path checkpoints, Consumer<Configuration> options)
            throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            String bootstrap = kafka.bootstrapServers();
            Configuration settings = SmallFederation.jobSettings(bootstrap, MODEL, ROUNDS);
            settings.set(RoundOptions.CLIENTS_PER_ROUND, 3);
            settings.set(RoundOptions.MIN_CLIENTS, SmallFederation.CLIENTS + 1);
            settings.set(RoundOptions.ROUND_TIMEOUT, Duration.ofSeconds(3));
            options.accept(settings);
            JobConfig live = SmallFederation.withTopics(settings);

            List<GlobalModel> liveModels;
            List<RoundTask> liveTasks;
            JobClient job = Failovers.submit(live, rocksDb(checkpoints));
            JobTopics liveTopics = new JobTopics(live);
            try (SilentClient silent = new SilentClient(bootstrap);
                    Fleet fleet =
                            Fleet.start(
                                    SmallFederation.fleet(bootstrap, MODEL, 3),
                                    SmallFederation.clientData());
                    TopicReader<GlobalModel> models = liveTopics.globalModels();
                    TopicReader<RoundTask> tasks = liveTopics.roundTasks()) {
                models.awaitCount(3, WAIT, "global model v2 before the crash");
                Failovers.killEveryTaskManagerOfTheJob(miniCluster);
                liveModels = models.awaitCount(ROUNDS + 1, WAIT, "all versions after the crash");
                liveTasks = tasks.awaitCount(ROUNDS, WAIT, "all round tasks");
                Failovers.assertRestarted(miniCluster, job.getJobID());
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }

            JobConfig replay = replayOf(settings);
            JobClient second = Failovers.submit(replay, new Configuration());
            JobTopics replayTopics = new JobTopics(replay);
            try (TopicReader<GlobalModel> models = replayTopics.globalModels();
                    TopicReader<RoundTask> tasks = replayTopics.roundTasks()) {
                List<GlobalModel> replayModels =
                        models.awaitCount(ROUNDS + 1, WAIT, "all versions of the replay");
                List<RoundTask> replayTasks = tasks.awaitCount(ROUNDS, WAIT, "replay round tasks");

                assertThat(replayModels).hasSameSizeAs(liveModels);
                for (int v = 0; v <= ROUNDS; v++) {
                    GlobalModel a = liveModels.get(v);
                    GlobalModel b = replayModels.get(v);
                    assertThat(b.getVersion()).isEqualTo(a.getVersion()).isEqualTo(v);
                    assertThat(RoundChecks.parameterDigest(b))
                            .as("parameters of v%d", v)
                            .isEqualTo(RoundChecks.parameterDigest(a));
                    assertThat(b.getParticipants()).isEqualTo(a.getParticipants());
                    assertThat(b.getTotalSamples()).isEqualTo(a.getTotalSamples());
                }
                assertThat(replayTasks).hasSameSizeAs(liveTasks);
                for (int r = 0; r < ROUNDS; r++) {
                    RoundTask a = liveTasks.get(r);
                    RoundTask b = replayTasks.get(r);
                    assertThat(b.getRound()).isEqualTo(a.getRound());
                    assertThat(b.getModelVersion()).isEqualTo(a.getModelVersion());
                    assertThat(b.getSelectedClients())
                            .as("selected in round %d", a.getRound())
                            .isEqualTo(a.getSelectedClients());
                    assertThat(b.getDeadline()).isEqualTo(a.getDeadline());
                }
                // The comparison covers deadline closes: some round selected the silent client
                // and closed at its deadline with fewer participants than it selected.
                assertThat(IntStream.range(0, ROUNDS))
                        .anySatisfy(
                                r -> {
                                    RoundTask t = liveTasks.get(r);
                                    assertThat(t.getSelectedClients()).contains(SILENT);
                                    assertThat(liveModels.get(r + 1).getParticipants())
                                            .isLessThan(t.getSelectedClients().size());
                                });
            } finally {
                second.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The cluster's state backend: RocksDB, incremental checkpoints under {@code dir}. */
    private static Configuration rocksDb(Path dir) {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        return c;
    }

    /** The same job on the same input log, with fresh state and outputs of its own. */
    private static JobConfig replayOf(Configuration settings) {
        Configuration c = new Configuration(settings);
        c.set(KafkaOptions.TOPIC_ROUND_TASKS, "replay.round-tasks");
        c.set(KafkaOptions.TOPIC_GLOBAL_MODEL, "replay.global-model");
        c.set(KafkaOptions.TOPIC_METRICS, "replay.metrics");
        c.set(KafkaOptions.TOPIC_DEAD_LETTER, "replay.dead-letter");
        c.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "replay");
        return SmallFederation.withTopics(c);
    }

    /** A client that heartbeats every 500 ms and never sends an update. */
    private static final class SilentClient implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        SilentClient(String bootstrap) {
            Properties p = new Properties();
            p.put("bootstrap.servers", bootstrap);
            producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            byte[] key = SILENT.getBytes(StandardCharsets.UTF_8);
            timer.scheduleWithFixedDelay(
                    () ->
                            producer.send(
                                    new ProducerRecord<>(
                                            io.fedstream.contract.Topics.HEARTBEATS,
                                            key,
                                            Codecs.heartbeat()
                                                    .encode(
                                                            ClientHeartbeat.newBuilder()
                                                                    .setClientId(SILENT)
                                                                    .setModelId(MODEL)
                                                                    .setNumSamples(100)
                                                                    .setDevice(Map.of())
                                                                    .setTimestamp(Instant.now())
                                                                    .build()))),
                    0,
                    500,
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
            producer.close(Duration.ofSeconds(2));
        }
    }
}
