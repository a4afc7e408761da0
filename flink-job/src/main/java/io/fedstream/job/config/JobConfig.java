package io.fedstream.job.config;

import static io.fedstream.job.config.AggregationOptions.AGGREGATION_SHARDS;
import static io.fedstream.job.config.AggregationOptions.MULTI_KRUM_M;
import static io.fedstream.job.config.AggregationOptions.NORM_BOUND;
import static io.fedstream.job.config.GuardOptions.GUARD_ANOMALY_LIMIT;
import static io.fedstream.job.config.GuardOptions.GUARD_EWMA_WEIGHT;
import static io.fedstream.job.config.GuardOptions.GUARD_NORM_FACTOR;
import static io.fedstream.job.config.GuardOptions.GUARD_QUARANTINE_ROUNDS;
import static io.fedstream.job.config.GuardOptions.GUARD_REPLAY_WINDOW;
import static io.fedstream.job.config.GuardOptions.GUARD_STATE_TTL;
import static io.fedstream.job.config.OptimizerOptions.SERVER_BETA1;
import static io.fedstream.job.config.OptimizerOptions.SERVER_BETA2;
import static io.fedstream.job.config.OptimizerOptions.SERVER_LEARNING_RATE;
import static io.fedstream.job.config.OptimizerOptions.SERVER_MOMENTUM;
import static io.fedstream.job.config.OptimizerOptions.SERVER_OPTIMIZER;
import static io.fedstream.job.config.OptimizerOptions.SERVER_TAU;
import static io.fedstream.job.config.PrivacyOptions.DP_CLIPPED_COUNT_STDDEV;
import static io.fedstream.job.config.PrivacyOptions.DP_NOISE_MULTIPLIER;
import static io.fedstream.job.config.RoundOptions.BATCH_SIZE;
import static io.fedstream.job.config.RoundOptions.CLIENTS_PER_ROUND;
import static io.fedstream.job.config.RoundOptions.CLIENT_ALIVE_TIMEOUT;
import static io.fedstream.job.config.RoundOptions.HEARTBEAT_MIN_INTERVAL;
import static io.fedstream.job.config.RoundOptions.LEARNING_RATE;
import static io.fedstream.job.config.RoundOptions.LOCAL_EPOCHS;
import static io.fedstream.job.config.RoundOptions.MAX_REGISTERED_CLIENTS;
import static io.fedstream.job.config.RoundOptions.MIN_CLIENTS;
import static io.fedstream.job.config.RoundOptions.MODEL_ID;
import static io.fedstream.job.config.RoundOptions.MODEL_SPEC;
import static io.fedstream.job.config.RoundOptions.NUM_ROUNDS;
import static io.fedstream.job.config.RoundOptions.ROUND_TIMEOUT;
import static io.fedstream.job.config.RuntimeOptions.PARALLELISM;

import io.fedstream.job.clientmanager.selection.ClientSelection;
import io.fedstream.model.ModelSpec;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * The job's settings, read once from a Flink {@link Configuration} and checked; operators receive
 * this immutable value instead of raw options. The aggregation rule's own parameters are checked
 * where the rule is built ({@code AggregationPlan.of}), when the job is constructed.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Configuration conf;

    private JobConfig(Configuration conf) {
        this.conf = conf;
        for (ConfigOption<?> option : FedStreamOptions.all()) {
            checkParses(option);
        }
        check(
                get(RoundOptions.FEDPROX_MU) >= 0 && Double.isFinite(get(RoundOptions.FEDPROX_MU)),
                RoundOptions.FEDPROX_MU,
                "must be finite and >= 0");
        check(
                get(CLIENTS_PER_ROUND) > 0
                        && get(CLIENTS_PER_ROUND) <= ClientSelection.MAX_SELECTED,
                CLIENTS_PER_ROUND,
                "must be in 1.." + ClientSelection.MAX_SELECTED + " (a round task lists them all)");
        check(get(NUM_ROUNDS) > 0, NUM_ROUNDS, "must be > 0");
        check(get(LOCAL_EPOCHS) > 0, LOCAL_EPOCHS, "must be > 0");
        check(get(BATCH_SIZE) > 0, BATCH_SIZE, "must be > 0");
        check(
                get(LEARNING_RATE) > 0 && Double.isFinite(get(LEARNING_RATE)),
                LEARNING_RATE,
                "must be finite and > 0");
        check(
                get(RoundOptions.LEARNING_RATE_DECAY) > 0
                        && get(RoundOptions.LEARNING_RATE_DECAY) <= 1,
                RoundOptions.LEARNING_RATE_DECAY,
                "must be in (0, 1]");
        check(
                !get(ROUND_TIMEOUT).isNegative() && !get(ROUND_TIMEOUT).isZero(),
                ROUND_TIMEOUT,
                "must be > 0");
        ModelSpec.parse(get(MODEL_SPEC)); // throws with a message naming the spec
        check(get(CLIENT_ALIVE_TIMEOUT).toMillis() > 0, CLIENT_ALIVE_TIMEOUT, "must be > 0");
        check(
                !get(HEARTBEAT_MIN_INTERVAL).isNegative()
                        && get(HEARTBEAT_MIN_INTERVAL).toMillis() * 2
                                <= get(CLIENT_ALIVE_TIMEOUT).toMillis(),
                HEARTBEAT_MIN_INTERVAL,
                get(HEARTBEAT_MIN_INTERVAL).toMillis()
                        + " ms must be >= 0 and at most half of client-alive-timeout ("
                        + get(CLIENT_ALIVE_TIMEOUT).toMillis()
                        + " ms), or a rate-limited client could look dead");
        check(
                get(MAX_REGISTERED_CLIENTS) >= minClients(),
                MAX_REGISTERED_CLIENTS,
                get(MAX_REGISTERED_CLIENTS)
                        + " must be >= the alive clients round 1 waits for ("
                        + minClients()
                        + ", min-clients or clients-per-round)");
        check(
                get(NORM_BOUND) >= 0 && Double.isFinite(get(NORM_BOUND)),
                NORM_BOUND,
                "must be finite and >= 0 (0: the adaptive bound)");
        checkSafeDefaults();
        checkIdentity();
        check(
                get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis()
                        >= get(RuntimeOptions.CHECKPOINT_TIMEOUT).toMillis() + 60_000,
                KafkaOptions.TRANSACTION_TIMEOUT,
                get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis()
                        + " ms must exceed checkpoint-timeout ("
                        + get(RuntimeOptions.CHECKPOINT_TIMEOUT).toMillis()
                        + " ms) by at least a minute to restart in");
        check(
                !get(PrivacyOptions.DP)
                        || getOptional(PrivacyOptions.DP_KEY_FILE)
                                .filter(f -> !f.isBlank())
                                .isPresent(),
                PrivacyOptions.DP_KEY_FILE,
                "must be set with --dp (a file of at least 16 secret bytes, mode 0600)");
        check(get(GUARD_STATE_TTL).toMillis() > 0, GUARD_STATE_TTL, "must be > 0");
        check(get(GUARD_NORM_FACTOR) > 0, GUARD_NORM_FACTOR, "must be > 0");
        check(
                get(GUARD_EWMA_WEIGHT) > 0 && get(GUARD_EWMA_WEIGHT) <= 1,
                GUARD_EWMA_WEIGHT,
                "must be in (0, 1]");
        check(get(GUARD_ANOMALY_LIMIT) >= 1, GUARD_ANOMALY_LIMIT, "must be >= 1");
        check(get(GUARD_QUARANTINE_ROUNDS) >= 0, GUARD_QUARANTINE_ROUNDS, "must be >= 0");
        check(get(GUARD_REPLAY_WINDOW) >= 0, GUARD_REPLAY_WINDOW, "must be >= 0");
        checkIfSet(MIN_CLIENTS, v -> v >= 1, "must be >= 1 (unset: clients-per-round)");
        checkIfSet(AGGREGATION_SHARDS, v -> v >= 1, "must be >= 1 (unset: the parallelism)");
        checkIfSet(MULTI_KRUM_M, v -> v >= 1, "must be >= 1 (unset: n - f)");
        checkIfSet(PARALLELISM, v -> v >= 1, "must be >= 1 (unset: the environment's)");
        checkIfSet(DP_NOISE_MULTIPLIER, v -> v > 0, "must be > 0 (unset: calibrated)");
        checkIfSet(DP_CLIPPED_COUNT_STDDEV, v -> v > 0, "must be > 0 (unset: clients / 20)");
        checkIfSet(
                SERVER_LEARNING_RATE,
                v -> v > 0 && Double.isFinite(v),
                "must be a finite number > 0 (unset: per server-optimizer)");
        checkUnitInterval(SERVER_MOMENTUM);
        checkUnitInterval(SERVER_BETA1);
        checkUnitInterval(SERVER_BETA2);
        check(
                get(SERVER_TAU) > 0 && Double.isFinite(get(SERVER_TAU)),
                SERVER_TAU,
                get(SERVER_TAU) + " must be a finite number > 0");
    }

    /** With signed client auth, the key files and the run id must be given. */
    private void checkIdentity() {
        getOptional(IdentityOptions.RUN_ID)
                .ifPresent(
                        run ->
                                check(
                                        isPrintableId(run),
                                        IdentityOptions.RUN_ID,
                                        "must be 1-128 printable characters"));
        if (get(IdentityOptions.CLIENT_AUTH) != ClientAuth.SIGNED) {
            return;
        }
        for (ConfigOption<String> needed :
                List.of(
                        IdentityOptions.JOB_IDENTITY,
                        IdentityOptions.OPERATOR_IDENTITY,
                        IdentityOptions.RUN_ID)) {
            check(
                    getOptional(needed).filter(v -> !v.isBlank()).isPresent(),
                    needed,
                    "must be set with client-auth signed (the default; docs/deployment.md,"
                            + " Provisioning client identity), or pass --client-auth off");
        }
    }

    /** 1-128 code points, none a control or format character (the rule of client ids). */
    private static boolean isPrintableId(String s) {
        return !s.isEmpty()
                && s.codePointCount(0, s.length()) <= 128
                && s.codePoints()
                        .noneMatch(
                                c ->
                                        Character.isISOControl(c)
                                                || Character.getType(c) == Character.FORMAT);
    }

    /** The bounds on one update's influence and the release check (docs/robustness.md). */
    private void checkSafeDefaults() {
        for (ConfigOption<Double> factor :
                List.of(
                        AggregationOptions.NORM_BOUND_FACTOR,
                        AggregationOptions.MAX_WEIGHT_FACTOR,
                        ReleaseOptions.RELEASE_MAX_STEP_FACTOR)) {
            check(
                    get(factor) >= 0 && Double.isFinite(get(factor)),
                    factor,
                    get(factor) + " must be finite and >= 0 (0 turns it off)");
        }
        check(
                get(AggregationOptions.MAX_NUM_SAMPLES) >= 0,
                AggregationOptions.MAX_NUM_SAMPLES,
                "must be >= 0 (0 turns it off)");
        checkIfSet(
                AggregationOptions.BOUND_WINDOW,
                v -> v >= 1,
                "must be >= 1 (unset: 2 x clients-per-round)");
        int warmUp = get(AggregationOptions.BOUND_WARM_UP);
        check(warmUp >= 1, AggregationOptions.BOUND_WARM_UP, warmUp + " must be >= 1");
        int steps = get(ReleaseOptions.RELEASE_STEP_WINDOW);
        check(steps >= 1, ReleaseOptions.RELEASE_STEP_WINDOW, steps + " must be >= 1");
        int releaseWarmUp = get(ReleaseOptions.RELEASE_WARM_UP);
        check(
                releaseWarmUp >= 1 && releaseWarmUp <= steps,
                ReleaseOptions.RELEASE_WARM_UP,
                releaseWarmUp + " must be in 1..release-step-window (" + steps + ")");
    }

    /** Admitted updates the norm bound and weight cap look back on: bound-window, else 2 K. */
    public int boundWindow() {
        return getOptional(AggregationOptions.BOUND_WINDOW).orElse(2 * get(CLIENTS_PER_ROUND));
    }

    /** Adds the {@code [0, 1)} check of a decay or momentum parameter. */
    private void checkUnitInterval(ConfigOption<Double> option) {
        double v = get(option);
        check(v >= 0 && v < 1, option, v + " must be in [0, 1)");
    }

    public static JobConfig of(Configuration conf) {
        return new JobConfig(new Configuration(conf));
    }

    /**
     * Parses {@code --key value} (or {@code --key=value}) pairs; every key must be one of {@link
     * FedStreamOptions#all()}.
     *
     * @throws IllegalArgumentException naming the unknown key, the flag missing its value or the
     *     bad value
     */
    public static JobConfig fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "': flags look like --key value");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("flag --" + key + " needs a value");
            }
            values.put(key, value);
        }
        return fromMap(values);
    }

    /**
     * The configuration of {@code values} by option key (as {@code flink run} flags or {@code
     * --job-option KEY=VALUE} give them) over the defaults.
     *
     * @throws IllegalArgumentException naming the unknown key or the bad value
     */
    public static JobConfig fromMap(Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            Optional<ConfigOption<?>> option = FedStreamOptions.find(e.getKey());
            if (option.isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown flag --"
                                + e.getKey()
                                + "; known flags: --"
                                + String.join(", --", FedStreamOptions.keys()));
            }
            Class<?> type = FedStreamOptions.valueType(option.get());
            if (type.isEnum()) {
                FlagEnums.check(type, e.getKey(), e.getValue());
            }
        }
        try {
            return of(Configuration.fromMap(values));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad flag value: " + e.getMessage(), e);
        }
    }

    public <T> T get(ConfigOption<T> option) {
        return conf.get(option);
    }

    /** The value of an option without default ({@code noDefaultValue()}), if set. */
    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        return conf.getOptional(option);
    }

    public Configuration configuration() {
        return new Configuration(conf);
    }

    public ModelSpec modelSpec() {
        return ModelSpec.parse(get(MODEL_SPEC));
    }

    public String modelId() {
        return get(MODEL_ID);
    }

    /** Alive clients needed before round 1: min-clients, else clients-per-round. */
    public int minClients() {
        return getOptional(MIN_CLIENTS).orElse(get(CLIENTS_PER_ROUND));
    }

    /**
     * The server learning rate eta: server-learning-rate, else 1 for fedavg (plain FedAvg), 1 -
     * server-momentum for fedavgm (so that Hsu et al.'s effective rate eta / (1 - beta) is 1) and
     * 0.01 for the adaptive optimizers (an untuned start within the range where Reddi et al. 2021
     * found their best server rates for Adam and Yogi, well below 1).
     */
    public double serverLearningRate() {
        return getOptional(SERVER_LEARNING_RATE)
                .orElseGet(
                        () ->
                                switch (get(SERVER_OPTIMIZER)) {
                                    case FEDAVG -> 1.0;
                                    case FEDAVGM -> 1.0 - get(SERVER_MOMENTUM);
                                    case FEDADAGRAD, FEDADAM, FEDYOGI -> 1e-2;
                                });
    }

    /** Shards of the aggregation for a job of {@code parallelism}. */
    public int shards(int parallelism) {
        return getOptional(AGGREGATION_SHARDS).orElse(Math.max(1, parallelism));
    }

    /** A copy with {@code option} set to {@code value}. */
    public <T> JobConfig with(ConfigOption<T> option, T value) {
        Configuration copy = new Configuration(conf);
        copy.set(option, value);
        return new JobConfig(copy);
    }

    /** One line per option, under the heading of its options class (for --help). */
    public static String usage() {
        StringBuilder b =
                new StringBuilder(
                        "FedStream job options (--key value or --key=value; docs/options.md):\n");
        for (FedStreamOptions.Group group : FedStreamOptions.GROUPS) {
            b.append(
                    String.format(
                            "%n%s (%s):%n", group.title(), group.declaringClass().getSimpleName()));
            for (ConfigOption<?> o : FedStreamOptions.of(group)) {
                b.append(
                        String.format(
                                "  --%-24s default %-22s %s%n",
                                o.key(), OptionText.defaultValue(o), OptionText.description(o)));
            }
        }
        return b.toString();
    }

    private void checkParses(ConfigOption<?> option) {
        try {
            conf.getOptional(option);
        } catch (IllegalArgumentException e) {
            Class<?> type = FedStreamOptions.valueType(option);
            throw new IllegalArgumentException(
                    "--"
                            + option.key()
                            + ": "
                            + e.getMessage()
                            + (type.isEnum() ? " Expected one of " + FlagEnums.values(type) : ""),
                    e);
        }
    }

    private <T> void checkIfSet(ConfigOption<T> option, Predicate<T> ok, String expectation) {
        getOptional(option).ifPresent(v -> check(ok.test(v), option, v + " " + expectation));
    }

    private static void check(boolean ok, ConfigOption<?> option, String expectation) {
        if (!ok) {
            throw new IllegalArgumentException("--" + option.key() + " " + expectation);
        }
    }
}
