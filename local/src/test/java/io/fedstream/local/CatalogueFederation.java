package io.fedstream.local;

import io.fedstream.avro.DeadLetter;
import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.MetricsSource;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.avro.RoundMetrics;
import io.fedstream.avro.RoundTask;
import io.fedstream.contract.Codecs;
import io.fedstream.contract.Topics;
import io.fedstream.contract.WireCodec;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.job.config.StartingOffsets;
import io.fedstream.job.kafka.KafkaEndpoints;
import io.fedstream.testkit.CommittedOffsets;
import io.fedstream.testkit.Decode;
import io.fedstream.testkit.EmbeddedKafka;
import io.fedstream.testkit.TestProducers;
import io.fedstream.testkit.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The hostile catalogue's federation: a real KRaft broker, the job on a MiniCluster (parallelism 2,
 * restart strategy none: any exception in the job fails it for good) on the default topic names,
 * and a producer through which the test plays every client, honest or not. Each sent record is
 * known by where it landed (topic, partition, offset), which is where its dead letter says it came
 * from.
 *
 * <p>The test also writes to the global-model and round-task topics; the readers of those topics
 * here skip the records the test wrote, so what they return is what the job released.
 */
final class CatalogueFederation implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(90);

    /** Where a record landed. */
    record At(String topic, int partition, long offset) {
        static At of(DeadLetter d) {
            return new At(d.getSourceTopic(), d.getPartition(), d.getOffset());
        }
    }

    /** A record of the catalogue as sent, and where it landed. */
    record Sent(HostileCase hostile, At at, long round) {}

    private final EmbeddedKafka kafka;
    private final JobConfig config;
    private final LocalJob job;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CommittedOffsets offsets;
    private final TopicReader<byte[]> models;
    private final TopicReader<byte[]> tasks;
    private final TopicReader<DeadLetter> deadLetters;
    private final TopicReader<RoundMetrics> metrics;
    private final Set<At> written = new HashSet<>();
    private final List<Sent> sent = new ArrayList<>();

    private CatalogueFederation(EmbeddedKafka kafka, JobConfig config) throws Exception {
        this.kafka = kafka;
        this.config = config;
        String bootstrap = kafka.bootstrapServers();
        producer = TestProducers.raw(bootstrap);
        offsets = new CommittedOffsets(bootstrap, KafkaEndpoints.groupId(config));
        models = TopicReader.bytes(bootstrap, Topics.GLOBAL_MODEL);
        tasks = TopicReader.bytes(bootstrap, Topics.ROUND_TASKS);
        deadLetters = TopicReader.of(bootstrap, Topics.DEAD_LETTER, Codecs.deadLetter());
        metrics = TopicReader.of(bootstrap, Topics.METRICS, Codecs.roundMetrics());
        job = LocalJob.start(config, 2);
    }

    /**
     * Starts the broker and the job: {@code clients} selected per round (every alive client, once
     * that many are alive), {@code rounds} rounds, deadlines no slow machine reaches (rounds close
     * when every selected client has answered), 500 ms checkpoints.
     */
    static CatalogueFederation start(int clients, int rounds) throws Exception {
        return start(clients, rounds, new Configuration());
    }

    /** As {@link #start(int, int)} with {@code options} set on top. */
    static CatalogueFederation start(int clients, int rounds, Configuration options)
            throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        try {
            Configuration c = new Configuration();
            // Client identity is the subject of ClientIdentityITCase, not of this test.
            c.set(IdentityOptions.CLIENT_AUTH, ClientAuth.OFF);
            c.set(KafkaOptions.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
            c.set(KafkaOptions.STARTING_OFFSETS, StartingOffsets.EARLIEST);
            c.set(RoundOptions.MODEL_ID, HostileRecords.MODEL);
            c.set(RoundOptions.MODEL_SPEC, HostileRecords.SPEC.toString());
            c.set(RoundOptions.NUM_CLIENTS, clients);
            c.set(RoundOptions.CLIENTS_PER_ROUND, clients);
            c.set(RoundOptions.NUM_ROUNDS, rounds);
            c.set(RoundOptions.ROUND_TIMEOUT, Duration.ofMinutes(10));
            c.set(RoundOptions.CLIENT_ALIVE_TIMEOUT, Duration.ofMinutes(10));
            c.set(RuntimeOptions.CHECKPOINT_INTERVAL, Duration.ofMillis(500));
            c.addAll(options);
            return new CatalogueFederation(kafka, SmallFederation.withTopics(c));
        } catch (Exception | AssertionError e) {
            kafka.close();
            throw e;
        }
    }

    LocalJob job() {
        return job;
    }

    JobConfig config() {
        return config;
    }

    /** Writes one record and waits for the broker's acknowledgement. */
    At send(String topic, byte[] key, byte[] value) throws Exception {
        return landed(producer.send(new ProducerRecord<>(topic, key, value)).get());
    }

    /** An honest update, keyed by its client id. */
    At sendUpdate(ModelUpdate u) throws Exception {
        return send(
                Topics.UPDATES, HostileCase.utf8(u.getClientId()), Codecs.modelUpdate().encode(u));
    }

    /** Writes {@code cases} in order (pipelined), while {@code round} is open. */
    List<Sent> send(List<HostileCase> cases, long round) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(cases.size());
        for (HostileCase c : cases) {
            acks.add(
                    producer.send(
                            new ProducerRecord<>(
                                    c.topic(), null, c.timestamp(), c.key(), c.value())));
        }
        List<Sent> out = new ArrayList<>(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            out.add(new Sent(cases.get(i), landed(acks.get(i).get()), round));
        }
        sent.addAll(out);
        return out;
    }

    /** Where a record landed; records on the job's output topics are remembered as the test's. */
    private At landed(RecordMetadata m) {
        At at = new At(m.topic(), m.partition(), m.offset());
        if (m.topic().equals(Topics.GLOBAL_MODEL) || m.topic().equals(Topics.ROUND_TASKS)) {
            written.add(at);
        }
        return at;
    }

    /** Every record of the catalogue sent so far. */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Waits for a dead letter of each of {@code expected} that should have one. */
    Map<At, DeadLetter> awaitDeadLetters(Collection<Sent> expected) {
        Set<At> wanted = new HashSet<>();
        for (Sent s : expected) {
            if (s.hostile().deadLettered()) {
                wanted.add(s.at());
            }
        }
        deadLetters.await(
                letters -> index(letters).keySet().containsAll(wanted),
                WAIT,
                wanted.size() + " dead letters");
        return index(deadLetters.values());
    }

    /**
     * Waits until the job has consumed every record of {@code batch}: its consumer group committed
     * past the last one of each partition, so each was processed before a completed checkpoint.
     */
    void awaitConsumed(List<Sent> batch) throws InterruptedException {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (Sent s : batch) {
            last.merge(
                    new TopicPartition(s.at().topic(), s.at().partition()),
                    s.at().offset(),
                    Math::max);
        }
        for (Map.Entry<TopicPartition, Long> e : last.entrySet()) {
            offsets.awaitPast(e.getKey(), e.getValue(), WAIT);
        }
    }

    /**
     * Plays one round: waits for its task (asserting it selects {@code clients}) and the version it
     * trains from, sends {@code first}, then {@code hostile}, waits until each of those has its
     * dead letter and all were consumed, then sends {@code rest}.
     *
     * @return the round's released version
     */
    Round play(
            long round,
            List<String> clients,
            ModelUpdate first,
            List<HostileCase> hostile,
            List<ModelUpdate> rest)
            throws Exception {
        RoundTask task = awaitTask(round);
        if (!new HashSet<>(task.getSelectedClients()).equals(new HashSet<>(clients))) {
            throw new AssertionError(
                    "round "
                            + round
                            + " selects "
                            + task.getSelectedClients()
                            + " vs the clients "
                            + clients);
        }
        GlobalModel previous = awaitModel(round - 1);
        List<At> honest = new ArrayList<>();
        honest.add(sendUpdate(first));
        List<Sent> batch = send(hostile, round);
        awaitDeadLetters(batch);
        awaitConsumed(batch);
        for (ModelUpdate u : rest) {
            honest.add(sendUpdate(u));
        }
        return new Round(previous, awaitModel(round), honest);
    }

    /** A played round: the version it trained from, the one it released, its updates' places. */
    record Round(GlobalModel previous, GlobalModel released, List<At> updates) {}

    /** Every dead letter committed so far. */
    List<DeadLetter> allDeadLetters() {
        return deadLetters.readToEnd(WAIT);
    }

    private static Map<At, DeadLetter> index(List<DeadLetter> letters) {
        Map<At, DeadLetter> byOrigin = new HashMap<>();
        for (DeadLetter d : letters) {
            byOrigin.put(At.of(d), d);
        }
        return byOrigin;
    }

    /**
     * The job's task of {@code round}, once the job has also read it back (its consumer group has
     * committed past it): updates sent from now on reach the client guard after the task.
     */
    RoundTask awaitTask(long round) throws Exception {
        tasks.await(r -> task(round).isPresent(), WAIT, "round task " + round);
        TopicReader.Received<RoundTask> task = task(round).orElseThrow();
        offsets.awaitPast(
                new TopicPartition(Topics.ROUND_TASKS, task.partition()), task.offset(), WAIT);
        return task.value();
    }

    private Optional<TopicReader.Received<RoundTask>> task(long round) {
        return released(tasks, Topics.ROUND_TASKS, Codecs.roundTask()).stream()
                .filter(t -> t.value().getRound() == round)
                .findFirst();
    }

    /** Version {@code version} as the job released it. */
    GlobalModel awaitModel(long version) {
        models.await(
                r -> releasedModels().stream().anyMatch(m -> m.getVersion() == version),
                WAIT,
                "global model v" + version);
        return releasedModels().stream()
                .filter(m -> m.getVersion() == version)
                .findFirst()
                .orElseThrow();
    }

    /** Every model the job released so far, in topic order. */
    List<GlobalModel> releasedModels() {
        return released(models, Topics.GLOBAL_MODEL, Codecs.globalModel()).stream()
                .map(TopicReader.Received::value)
                .toList();
    }

    /** The job's first {@code n} server metrics records (round 0 to n - 1). */
    List<RoundMetrics> awaitServerMetrics(int n) {
        return metrics
                .await(
                        r ->
                                r.stream()
                                                .filter(m -> m.getSource() == MetricsSource.SERVER)
                                                .count()
                                        >= n,
                        WAIT,
                        n + " server metrics")
                .stream()
                .filter(m -> m.getSource() == MetricsSource.SERVER)
                .toList();
    }

    /** The records of {@code reader} (on {@code topic}) the job wrote, not the test, decoded. */
    private <T extends SpecificRecord> List<TopicReader.Received<T>> released(
            TopicReader<byte[]> reader, String topic, WireCodec<T> codec) {
        List<TopicReader.Received<T>> out = new ArrayList<>();
        for (TopicReader.Received<byte[]> r : reader.records()) {
            if (!written.contains(new At(topic, r.partition(), r.offset()))) {
                T value = Decode.as(codec, r.value());
                out.add(new TopicReader.Received<>(r.key(), value, r.partition(), r.offset()));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try (EmbeddedKafka k = kafka;
                LocalJob j = job;
                KafkaProducer<byte[], byte[]> p = producer;
                CommittedOffsets o = offsets;
                TopicReader<byte[]> m = models;
                TopicReader<byte[]> t = tasks;
                TopicReader<DeadLetter> d = deadLetters;
                TopicReader<RoundMetrics> r = metrics) {
            // closed in reverse order: readers, producer, job, then the broker
        }
    }
}
