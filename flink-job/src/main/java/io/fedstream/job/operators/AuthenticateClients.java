package io.fedstream.job.operators;

import io.fedstream.avro.ReasonCode;
import io.fedstream.job.clientmanager.identity.ClientAuthenticator;
import io.fedstream.job.clientmanager.identity.Enrollments;
import io.fedstream.job.round.DeadLetters;
import io.fedstream.job.types.Enrollment;
import io.fedstream.job.types.Rejection;
import java.util.EnumMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by client id: holds the client's enrollment (second input, from {@link VerifyEnrollments})
 * and the highest sequence number accepted from it, and lets a record of the first input through
 * only if {@link ClientAuthenticator} finds it authentic and new. Nothing downstream (guard,
 * registry, rounds) sees a record that failed; the refused go to the dead-letter topic with their
 * reason. State exists only for enrolled client ids, so records under made-up ids create none.
 *
 * @param <T> the record type (updates or heartbeats)
 */
abstract class AuthenticateClients<T> extends KeyedCoProcessFunction<String, T, Enrollment, T> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticateClients.class);

    private final String runId;
    protected final String modelId;
    private final String deadLetterTopic;
    private transient ClientAuthenticator authenticator;
    private transient ValueState<Enrollment> enrollment;
    private transient ValueState<Long> lastSequence;
    protected transient DeadLetters deadLetters;
    private transient AuthCounters counters;

    AuthenticateClients(String runId, String modelId, String deadLetterTopic) {
        this.runId = runId;
        this.modelId = modelId;
        this.deadLetterTopic = deadLetterTopic;
    }

    /** What the authenticator looks at in {@code record}. */
    abstract ClientAuthenticator.Signed signed(T record);

    /** Refuses {@code record}: a dead letter, and whatever else the record type needs. */
    abstract void refuse(T record, Rejection rejection, Context ctx);

    /** {@code record}, authenticated, as it goes on. */
    abstract T passed(T record, Enrollment enrollment);

    /** Called when a client's enrollment is revoked. */
    void revoked(String clientId, Context ctx, Collector<T> out) {}

    @Override
    public void open(OpenContext openContext) {
        authenticator = new ClientAuthenticator(runId);
        deadLetters = new DeadLetters(deadLetterTopic);
        enrollment =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "enrollment", TypeInformation.of(Enrollment.class)));
        lastSequence =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-sequence", Types.LONG));
        counters = new AuthCounters(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement1(T record, Context ctx, Collector<T> out) throws Exception {
        Enrollment e = enrollment.value();
        ClientAuthenticator.Signed s = signed(record);
        Rejection rejection = authenticator.check(e, lastSequence.value(), s);
        if (rejection != null) {
            counters.refused(rejection.reason());
            refuse(record, rejection, ctx);
            return;
        }
        lastSequence.update(s.sequence());
        out.collect(passed(record, e));
    }

    @Override
    public void processElement2(Enrollment record, Context ctx, Collector<T> out) throws Exception {
        Enrollments.Applied applied = Enrollments.apply(enrollment.value(), record);
        switch (applied.change()) {
            case ENROLLED -> enrollment.update(applied.state());
            case REVOKED -> {
                enrollment.update(applied.state());
                revoked(record.clientId, ctx, out);
            }
            case STALE, KEY_REVOKED ->
                    LOG.info(
                            "enrollment of a client ignored: {} (issued_at {})",
                            applied.change(),
                            record.issuedAt);
        }
    }

    /** Counters of refused records by reason, under the operator's metric group. */
    private static final class AuthCounters {
        private final MetricGroup group;
        private final EnumMap<ReasonCode, Counter> counters = new EnumMap<>(ReasonCode.class);

        AuthCounters(MetricGroup metrics) {
            this.group = metrics.addGroup("authRefused");
        }

        void refused(ReasonCode reason) {
            counters.computeIfAbsent(reason, r -> group.counter(r.name())).inc();
        }
    }
}
