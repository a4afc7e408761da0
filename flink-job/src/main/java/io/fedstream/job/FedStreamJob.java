package io.fedstream.job;

import io.fedstream.contract.TopicAdmin;
import io.fedstream.contract.Topics;
import io.fedstream.job.aggregation.AggregationPlan;
import io.fedstream.job.config.AggregationOptions;
import io.fedstream.job.config.ClientAuth;
import io.fedstream.job.config.IdentityOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.config.RoundOptions;
import io.fedstream.job.config.RuntimeOptions;
import io.fedstream.job.kafka.KafkaEndpoints;
import io.fedstream.job.kafka.LogTime;
import io.fedstream.job.operators.AuthenticateHeartbeats;
import io.fedstream.job.operators.AuthenticateUpdates;
import io.fedstream.job.operators.ClientGuard;
import io.fedstream.job.operators.DecodeHeartbeats;
import io.fedstream.job.operators.LimitHeartbeats;
import io.fedstream.job.operators.ModelPublisher;
import io.fedstream.job.operators.RoundCoordinator;
import io.fedstream.job.operators.ShardAggregator;
import io.fedstream.job.operators.ShardKeys;
import io.fedstream.job.operators.Tags;
import io.fedstream.job.operators.ValidateUpdates;
import io.fedstream.job.operators.VerifyEnrollments;
import io.fedstream.job.optimizer.ServerOptimizers;
import io.fedstream.job.privacy.DpPlan;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.OutboundRecord;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.ShardResult;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The federated server as a Flink DataStream job:
 *
 * <pre>
 * updates ─► validate ─► authenticate ─► client guard ─┐                     ┌─► shard 0 ─┐
 *                        (keyed by       (keyed by      ├─► round coordinator ┼─► shard 1 ─┼─► model publisher ─┐
 * enrollments ─► verify ─► client id)    client id)    │   (keyed by model)  └─► shard … ─┘   (keyed by model)   │
 *                       ╰─► authenticate ─► rate limit ─┘    models, tasks ─(bcast)─► guard                     ├─► exactly-once Kafka sink
 * heartbeats ─► decode ─────╯                                                                                   │
 *          dead letters (validate, verify, authenticate, guard, decode, coordinator) ───────────────────────────┘
 * </pre>
 *
 * With {@code client-auth signed} (the default) every update and heartbeat passes the keyed
 * authentication against its client's operator-signed enrollment before any other state sees it
 * (docs/threat-model.md); with {@code off} the authentication operators and the enrollment source
 * are left out.
 *
 * <p>The client guard reads the job's own released models and round tasks back from their topics
 * (read_committed), so it compares each update with the last aggregate, and remembers only updates
 * of the published round, without a cycle in the graph. Rules that need whole vectors (see {@link
 * AggregationPlan}) run on a single shard. The heartbeat rate limit is keyed by client id, so the
 * coordinator's registry sees at most one heartbeat per client per {@code heartbeat-min-interval}.
 *
 * <p>The job takes its sources and sink as arguments (tests pass their own); {@link #main} plugs in
 * Kafka. Every operator has a stable uid so savepoints stay restorable across upgrades.
 */
public final class FedStreamJob {
    private static final Logger LOG = LoggerFactory.getLogger(FedStreamJob.class);

    /** Fixed so that key groups, and with them the shard keys, never change between runs. */
    public static final int MAX_PARALLELISM = 128;

    private final JobConfig config;
    private final AggregationPlan plan;
    private final DpPlan dp;

    /**
     * A job of {@code config}. Its keys (the DP noise key, the job's identity) are read from their
     * files where they are used, on the TaskManagers, never carried in the job graph.
     */
    public FedStreamJob(JobConfig config) {
        this.config = config;
        this.plan = AggregationPlan.of(config); // names a bad --aggregator parameter now
        this.dp = DpPlan.of(config);
        LOG.info(dp.describe());
    }

    /** Checkpointing, parallelism and max parallelism as the options say. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(
                config.get(RuntimeOptions.CHECKPOINT_INTERVAL).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        env.setMaxParallelism(MAX_PARALLELISM);
        // Every type on the wire between operators and in state is a Flink POJO or a primitive
        // array;
        // forbidding Kryo makes a slow generic fallback a startup error instead of a silent cost.
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // Below the sink's transaction timeout (checked by JobConfig); a cancelled job keeps its
        // last checkpoint, so it can be resumed from it like from a savepoint.
        pipeline.set(
                CheckpointingOptions.CHECKPOINTING_TIMEOUT,
                config.get(RuntimeOptions.CHECKPOINT_TIMEOUT));
        pipeline.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        env.configure(pipeline);
        config.getOptional(RuntimeOptions.PARALLELISM).ifPresent(env::setParallelism);
    }

    /**
     * As {@link #build(StreamExecutionEnvironment, Source, Source, Source, Source, Source, Sink)}
     * with the configured enrollment, global-model and round-task topics.
     */
    public void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> updates,
            Source<RawRecord, ?, ?> heartbeats,
            Sink<OutboundRecord> sink) {
        build(
                env,
                updates,
                heartbeats,
                KafkaEndpoints.enrollmentsSource(config),
                KafkaEndpoints.globalModelSource(config),
                KafkaEndpoints.roundTaskSource(config),
                sink);
    }

    /** As the full build, for client-auth off (no enrollments are read). */
    public void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> updates,
            Source<RawRecord, ?, ?> heartbeats,
            Source<RawRecord, ?, ?> globalModels,
            Source<RawRecord, ?, ?> roundTasks,
            Sink<OutboundRecord> sink) {
        build(env, updates, heartbeats, null, globalModels, roundTasks, sink);
    }

    /**
     * Adds the pipeline from {@code updates} and {@code heartbeats} to {@code sink} to {@code env};
     * {@code enrollments} is the operator's enrollment topic (client-auth signed; may be null with
     * client-auth off); {@code globalModels} and {@code roundTasks} are the job's own released
     * models and round tasks (what {@code sink} wrote to those topics), which the client guard
     * compares updates with and takes as the rounds whose updates it may remember.
     */
    public void build(
            StreamExecutionEnvironment env,
            Source<RawRecord, ?, ?> updates,
            Source<RawRecord, ?, ?> heartbeats,
            Source<RawRecord, ?, ?> enrollments,
            Source<RawRecord, ?, ?> globalModels,
            Source<RawRecord, ?, ?> roundTasks,
            Sink<OutboundRecord> sink) {
        String modelId = config.modelId();
        boolean signed = config.get(IdentityOptions.CLIENT_AUTH) == ClientAuth.SIGNED;
        if (signed && enrollments == null) {
            throw new IllegalArgumentException("client-auth signed needs the enrollments source");
        }
        String deadLetterTopic = config.get(KafkaOptions.TOPIC_DEAD_LETTER);
        // Event time is the log's (LogTime): the coordinator decides in record-timestamp order.
        WatermarkStrategy<RawRecord> watermarks = LogTime.clientTopics();
        WatermarkStrategy<RawRecord> sideInput = LogTime.sideInput();

        SingleOutputStreamOperator<ValidatedUpdate> validated =
                env.fromSource(updates, watermarks, "updates-source")
                        .uid("updates-source")
                        .process(
                                new ValidateUpdates(
                                        modelId,
                                        config.modelSpec().toString(),
                                        deadLetterTopic,
                                        config.get(AggregationOptions.MAX_NUM_SAMPLES)))
                        .name("validate-updates")
                        .uid("validate-updates");

        SingleOutputStreamOperator<ControlEvent> beats =
                env.fromSource(heartbeats, watermarks, "heartbeats-source")
                        .uid("heartbeats-source")
                        .process(new DecodeHeartbeats(modelId, deadLetterTopic, signed))
                        .name("decode-heartbeats")
                        .uid("decode-heartbeats");

        // Client-auth signed: every update and heartbeat is checked against its client's
        // enrollment (keyed by client id) before any state of the rounds, the guard or the
        // registry sees it.
        DataStream<ValidatedUpdate> authenticUpdates = validated;
        DataStream<ControlEvent> authenticBeats = beats;
        SingleOutputStreamOperator<Enrollment> enrolled = null;
        SingleOutputStreamOperator<ValidatedUpdate> authUpdates = null;
        SingleOutputStreamOperator<ControlEvent> authBeats = null;
        if (signed) {
            String runId = config.getOptional(IdentityOptions.RUN_ID).get();
            enrolled =
                    env.fromSource(enrollments, sideInput, "enrollments-source")
                            .uid("enrollments-source")
                            .process(
                                    new VerifyEnrollments(
                                            config.getOptional(IdentityOptions.OPERATOR_IDENTITY)
                                                    .get(),
                                            deadLetterTopic))
                            .name("verify-enrollments")
                            .uid("verify-enrollments");
            authUpdates =
                    validated
                            .keyBy(u -> u.clientId, Types.STRING)
                            .connect(enrolled.keyBy(e -> e.clientId, Types.STRING))
                            .process(new AuthenticateUpdates(runId, modelId, deadLetterTopic))
                            .name("authenticate-updates")
                            .uid("authenticate-updates");
            authBeats =
                    beats.keyBy(b -> b.clientId, Types.STRING)
                            .connect(enrolled.keyBy(e -> e.clientId, Types.STRING))
                            .process(new AuthenticateHeartbeats(runId, modelId, deadLetterTopic))
                            .name("authenticate-heartbeats")
                            .uid("authenticate-heartbeats");
            authenticUpdates = authUpdates;
            authenticBeats = authBeats;
        }

        BroadcastStream<RawRecord> models =
                env.fromSource(globalModels, sideInput, "global-model-source")
                        .uid("global-model-source")
                        .union(
                                env.fromSource(roundTasks, sideInput, "round-task-source")
                                        .uid("round-task-source"))
                        .broadcast(ClientGuard.MODELS, ClientGuard.TASKS);

        SingleOutputStreamOperator<ValidatedUpdate> guarded =
                authenticUpdates
                        .keyBy(u -> u.clientId, Types.STRING)
                        .connect(models)
                        .process(new ClientGuard(config))
                        .name("client-guard")
                        .uid("client-guard");

        // Keyed by client id, so that each client's heartbeats are limited where they are decoded
        // in parallel, before the single coordinator subtask of the model writes any state.
        DataStream<ControlEvent> limitedBeats =
                authenticBeats
                        .keyBy(b -> b.clientId, Types.STRING)
                        .process(
                                new LimitHeartbeats(
                                        config.get(RoundOptions.HEARTBEAT_MIN_INTERVAL).toMillis()))
                        .name("limit-heartbeats")
                        .uid("limit-heartbeats");

        DataStream<ControlEvent> control =
                limitedBeats.union(
                        validated.getSideOutput(Tags.REJECTIONS),
                        guarded.getSideOutput(Tags.REJECTIONS));
        if (signed) {
            control = control.union(authUpdates.getSideOutput(Tags.REJECTIONS));
        }

        int shards = plan.shards(config.shards(env.getParallelism()));
        LOG.info("aggregation: {} on {} shard(s)", plan, shards);
        LOG.info("server optimizer: {}", ServerOptimizers.of(config));
        int[] shardKeys = ShardKeys.forShards(shards, MAX_PARALLELISM);

        SingleOutputStreamOperator<ShardWork> work =
                guarded.keyBy(u -> u.modelId, Types.STRING)
                        .connect(control.keyBy(c -> c.modelId, Types.STRING))
                        .process(new RoundCoordinator(config, shardKeys, dp))
                        .name("round-coordinator")
                        .uid("round-coordinator");

        SingleOutputStreamOperator<ShardResult> shardResults =
                work.keyBy(w -> w.shardKey, Types.INT)
                        .process(new ShardAggregator(config, shards))
                        .name("shard-aggregator")
                        .uid("shard-aggregator");

        SingleOutputStreamOperator<OutboundRecord> published =
                shardResults
                        .keyBy(r -> r.modelId, Types.STRING)
                        .process(new ModelPublisher(config, shards))
                        .name("model-publisher")
                        .uid("model-publisher");

        DataStream<OutboundRecord> outputs =
                published.union(
                        validated.getSideOutput(Tags.DEAD_LETTERS),
                        guarded.getSideOutput(Tags.DEAD_LETTERS),
                        beats.getSideOutput(Tags.DEAD_LETTERS),
                        work.getSideOutput(Tags.DEAD_LETTERS),
                        work.getSideOutput(Tags.LATE_UPDATES));
        if (signed) {
            outputs =
                    outputs.union(
                            enrolled.getSideOutput(Tags.DEAD_LETTERS),
                            authUpdates.getSideOutput(Tags.DEAD_LETTERS),
                            authBeats.getSideOutput(Tags.DEAD_LETTERS));
        }
        outputs.sinkTo(sink).name("kafka-sink").uid("kafka-sink");
    }

    /**
     * The topics this job creates (with --create-topics) under the names it is configured with: the
     * enrollment topic is the operator's and the evaluations topic the evaluator's.
     */
    public static List<Topics.TopicSpec> topicSpecs(JobConfig config) {
        return List.of(
                Topics.updates(config.get(KafkaOptions.TOPIC_UPDATES)),
                Topics.heartbeats(config.get(KafkaOptions.TOPIC_HEARTBEATS)),
                Topics.roundTasks(config.get(KafkaOptions.TOPIC_ROUND_TASKS)),
                Topics.globalModel(config.get(KafkaOptions.TOPIC_GLOBAL_MODEL)),
                Topics.metrics(config.get(KafkaOptions.TOPIC_METRICS)),
                Topics.deadLetter(config.get(KafkaOptions.TOPIC_DEAD_LETTER)));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(JobConfig.usage());
            return;
        }
        JobConfig config = JobConfig.fromArgs(args);
        // Built first: a bad option fails the submission before any topic is created.
        FedStreamJob job = new FedStreamJob(config);
        if (config.get(KafkaOptions.CREATE_TOPICS)) {
            TopicAdmin.ensureTopics(
                    KafkaEndpoints.adminProperties(config),
                    topicSpecs(config),
                    config.get(KafkaOptions.TOPIC_REPLICATION_FACTOR).shortValue());
        }
        TopicAdmin.requireBrokerTimestamps(
                KafkaEndpoints.adminProperties(config),
                List.of(
                        config.get(KafkaOptions.TOPIC_UPDATES),
                        config.get(KafkaOptions.TOPIC_HEARTBEATS)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        job.build(
                env,
                KafkaEndpoints.updatesSource(config),
                KafkaEndpoints.heartbeatsSource(config),
                KafkaEndpoints.enrollmentsSource(config),
                KafkaEndpoints.globalModelSource(config),
                KafkaEndpoints.roundTaskSource(config),
                KafkaEndpoints.sink(config));
        env.execute("FedStream " + config.modelId());
    }
}
