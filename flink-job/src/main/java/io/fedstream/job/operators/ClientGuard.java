package io.fedstream.job.operators;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.clientmanager.guard.ClientRecord;
import io.fedstream.job.clientmanager.guard.GuardPolicy;
import io.fedstream.job.clientmanager.guard.PublishedTask;
import io.fedstream.job.clientmanager.guard.ReadBackModels;
import io.fedstream.job.clientmanager.guard.ReadBackTasks;
import io.fedstream.job.clientmanager.identity.JobIdentity;
import io.fedstream.job.clientmanager.selection.ClientSelection;
import io.fedstream.job.config.GuardOptions;
import io.fedstream.job.config.JobConfig;
import io.fedstream.job.config.KafkaOptions;
import io.fedstream.job.round.BoundedText;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.types.ControlEvent;
import io.fedstream.job.types.RawRecord;
import io.fedstream.job.types.Rejection;
import io.fedstream.job.types.ValidatedUpdate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client guard, keyed by client id, between validation and the round coordinator. It applies
 * {@link GuardPolicy} to each update with the client's {@link ClientRecord} (keyed state with a
 * TTL, {@code --guard-state-ttl}) and the previous aggregate delta. Both what it compares with and
 * what it may remember come from the job's own output, read back with read_committed (so only what
 * the job released) and broadcast to every guard instance:
 *
 * <ul>
 *   <li>the global-model topic: the broadcast state keeps the two newest versions v−1 and v; the
 *       previous aggregate delta is their difference;
 *   <li>the round-task topic: the newest task (round, model version, selected clients).
 * </ul>
 *
 * <p>Every update is judged, but only an update the newest published task covers (its round, a
 * selected client, the task's model version: one the coordinator can admit) changes the client's
 * record. Any other update is judged on a copy that is thrown away: a forged update under another
 * client's id for a round that client is not in, or for a future round, can neither mark the real
 * update as a DUPLICATE nor count anomalies towards a quarantine, and a flood of such updates under
 * fresh ids creates no state. (An update under the id of a client selected for the open round is
 * the identity problem, solved by signed updates, not here.) An update for a round whose task the
 * guard has not read yet is therefore judged but not remembered; the coordinator still refuses
 * whatever the task would have refused.
 *
 * <p>Rejections go to the dead-letter side output with their reason code, to the coordinator (so
 * they are counted in the round's RoundMetrics.rejected) and to a Flink counter per reason ({@code
 * guard.rejected.<REASON>}).
 */
public class ClientGuard
        extends KeyedBroadcastProcessFunction<String, ValidatedUpdate, RawRecord, ValidatedUpdate> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ClientGuard.class);

    /** Broadcast state: model version → parameters, at most the two newest versions. */
    public static final MapStateDescriptor<Long, float[]> MODELS =
            new MapStateDescriptor<>(
                    "guard-global-models",
                    Types.LONG,
                    PrimitiveArrayTypeInfo.FLOAT_PRIMITIVE_ARRAY_TYPE_INFO);

    /** Broadcast state: round → the task the job published for it; only the newest is kept. */
    public static final MapStateDescriptor<Long, PublishedTask> TASKS =
            new MapStateDescriptor<>(
                    "guard-round-tasks", Types.LONG, TypeInformation.of(PublishedTask.class));

    private final JobConfig config;
    private transient GuardPolicy policy;
    private transient String taskTopic;
    private transient ReadBackTasks readBackTasks;
    private transient Set<ReadBackTasks.Cause> loggedTaskCauses;
    private transient DeadLetters deadLetters;
    private transient ReadBackModels readBack;
    private transient Map<ReadBackModels.Cause, Counter> ignoredModels;
    private transient Set<ReadBackModels.Cause> loggedCauses;
    private transient ValueState<ClientRecord> records;
    private transient Map<ReasonCode, Counter> rejected;

    public ClientGuard(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        policy = GuardPolicy.of(config);
        deadLetters = new DeadLetters(config.get(KafkaOptions.TOPIC_DEAD_LETTER));
        JobIdentity own = JobIdentity.load(config);
        readBack = new ReadBackModels(config.modelId(), config.modelSpec(), own);
        taskTopic = config.get(KafkaOptions.TOPIC_ROUND_TASKS);
        readBackTasks = new ReadBackTasks(config.modelId(), ClientSelection.MAX_SELECTED, own);
        loggedTaskCauses = EnumSet.noneOf(ReadBackTasks.Cause.class);
        ignoredModels = new EnumMap<>(ReadBackModels.Cause.class);
        loggedCauses = EnumSet.noneOf(ReadBackModels.Cause.class);
        ValueStateDescriptor<ClientRecord> descriptor =
                new ValueStateDescriptor<>("client-record", ClientRecord.class);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(config.get(GuardOptions.GUARD_STATE_TTL))
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        records = getRuntimeContext().getState(descriptor);
        rejected = new EnumMap<>(ReasonCode.class);
    }

    @Override
    public void processElement(
            ValidatedUpdate u, ReadOnlyContext ctx, Collector<ValidatedUpdate> out)
            throws Exception {
        ReadOnlyBroadcastState<Long, PublishedTask> tasks = ctx.getBroadcastState(TASKS);
        PublishedTask task = null;
        for (Map.Entry<Long, PublishedTask> e : tasks.immutableEntries()) {
            task = e.getValue();
        }
        boolean remember = task != null && task.covers(u);
        ClientRecord stored = records.value();
        ClientRecord record =
                stored == null ? new ClientRecord() : remember ? stored : stored.copy();
        Rejection rejection =
                policy.judge(record, u, previousAggregate(ctx.getBroadcastState(MODELS)));
        if (remember) {
            records.update(record);
        }
        if (rejection == null) {
            out.collect(u);
            return;
        }
        counter(rejection.reason()).inc();
        long now = ctx.currentProcessingTime();
        ctx.output(Tags.DEAD_LETTERS, deadLetters.of(u.raw, rejection, now));
        ctx.output(
                Tags.REJECTIONS,
                ControlEvent.rejected(u.modelId, u.clientId, rejection.reason().name(), u.round)
                        .at(u.raw));
        if (rejection.reason() == ReasonCode.ANOMALOUS_UPDATE) {
            LOG.info("{}", rejection.detail());
        }
    }

    @Override
    public void processBroadcastElement(RawRecord raw, Context ctx, Collector<ValidatedUpdate> out)
            throws Exception {
        if (taskTopic.equals(raw.topic)) {
            readTask(raw, ctx.getBroadcastState(TASKS));
            return;
        }
        ReadBackModels.Read read = readBack.read(raw.value, raw.signature);
        if (read.ignored() != null) {
            ignore(read, raw);
            return;
        }
        BroadcastState<Long, float[]> models = ctx.getBroadcastState(MODELS);
        models.put(read.version(), read.parameters());
        List<Long> versions = new ArrayList<>();
        for (Map.Entry<Long, float[]> e : models.entries()) {
            versions.add(e.getKey());
        }
        versions.sort(null);
        for (int i = 0; i < versions.size() - 2; i++) {
            models.remove(versions.get(i));
        }
    }

    /** Keeps the newest task of this model (a task of an older round than it is ignored). */
    private void readTask(RawRecord raw, BroadcastState<Long, PublishedTask> tasks)
            throws Exception {
        ReadBackTasks.Read read = readBackTasks.read(raw.value, raw.signature);
        if (read.ignored() != null) {
            if (loggedTaskCauses.add(read.ignored())
                    && read.ignored() != ReadBackTasks.Cause.OTHER_MODEL) {
                LOG.warn(
                        "ignoring a record of {} partition {} offset {} ({}): {} (logged once per"
                                + " cause)",
                        raw.topic,
                        raw.partition,
                        raw.offset,
                        read.ignored(),
                        BoundedText.cap(read.why()));
            }
            return;
        }
        long newest = -1;
        for (Map.Entry<Long, PublishedTask> e : tasks.entries()) {
            newest = Math.max(newest, e.getKey());
        }
        if (read.task().round < newest) {
            return;
        }
        tasks.clear();
        tasks.put(read.task().round, read.task());
    }

    /**
     * Counts a record of the global-model topic that is not a model of this job ({@code
     * guard.ignoredModels.<CAUSE>}) and logs the first of each cause: the topic is compacted and
     * read from earliest, so a bad record there is met again on every restart and must not fail the
     * job.
     */
    private void ignore(ReadBackModels.Read read, RawRecord raw) {
        ignoredModels
                .computeIfAbsent(
                        read.ignored(),
                        c ->
                                getRuntimeContext()
                                        .getMetricGroup()
                                        .addGroup("guard")
                                        .addGroup("ignoredModels")
                                        .counter(c.name()))
                .inc();
        if (loggedCauses.add(read.ignored())) {
            String what =
                    "ignoring a record of {} partition {} offset {} ({}): {} (logged once per"
                            + " cause; the rest are counted in guard.ignoredModels)";
            Object[] args = {
                raw.topic, raw.partition, raw.offset, read.ignored(), BoundedText.cap(read.why())
            };
            if (read.ignored() == ReadBackModels.Cause.OTHER_MODEL) {
                LOG.info(what, args); // several models may share the topic
            } else {
                LOG.warn(what, args);
            }
        }
    }

    /** Global model v minus v−1 for the newest v, or null unless both are known. */
    static float[] previousAggregate(ReadOnlyBroadcastState<Long, float[]> models)
            throws Exception {
        long newest = -1;
        for (Map.Entry<Long, float[]> e : models.immutableEntries()) {
            newest = Math.max(newest, e.getKey());
        }
        if (newest < 1) {
            return null;
        }
        float[] current = models.get(newest);
        float[] previous = models.get(newest - 1);
        if (previous == null || previous.length != current.length) {
            return null;
        }
        float[] delta = new float[current.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = current[i] - previous[i];
        }
        return delta;
    }

    private Counter counter(ReasonCode reason) {
        return rejected.computeIfAbsent(
                reason,
                r ->
                        getRuntimeContext()
                                .getMetricGroup()
                                .addGroup("guard")
                                .addGroup("rejected")
                                .counter(r.name()));
    }
}
