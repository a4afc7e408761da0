package io.fedstream.job.config;

import static io.fedstream.job.config.FedStreamOptions.*;

import io.fedstream.job.aggregation.AggregationPlan;
import io.fedstream.model.ModelSpec;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.description.HtmlFormatter;

/**
 * The job's settings, read once from a Flink {@link Configuration} and checked; operators receive
 * this immutable value instead of raw options.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Configuration conf;

    private JobConfig(Configuration conf) {
        this.conf = conf;
        check(get(CLIENTS_PER_ROUND) > 0, CLIENTS_PER_ROUND, "must be > 0");
        check(get(NUM_ROUNDS) > 0, NUM_ROUNDS, "must be > 0");
        check(get(LOCAL_EPOCHS) > 0, LOCAL_EPOCHS, "must be > 0");
        check(get(BATCH_SIZE) > 0, BATCH_SIZE, "must be > 0");
        check(get(LEARNING_RATE) > 0, LEARNING_RATE, "must be > 0");
        check(
                !get(ROUND_TIMEOUT).isNegative() && !get(ROUND_TIMEOUT).isZero(),
                ROUND_TIMEOUT,
                "must be > 0");
        check(
                get(STARTING_OFFSETS).equals("latest") || get(STARTING_OFFSETS).equals("earliest"),
                STARTING_OFFSETS,
                "must be latest or earliest");
        ModelSpec.parse(get(MODEL_SPEC)); // throws with a message naming the spec
        check(get(NORM_BOUND) >= 0, NORM_BOUND, "must be >= 0 (0 turns it off)");
        check(get(GUARD_STATE_TTL).toMillis() > 0, GUARD_STATE_TTL, "must be > 0");
        check(get(GUARD_NORM_FACTOR) > 0, GUARD_NORM_FACTOR, "must be > 0");
        check(
                get(GUARD_EWMA_WEIGHT) > 0 && get(GUARD_EWMA_WEIGHT) <= 1,
                GUARD_EWMA_WEIGHT,
                "must be in (0, 1]");
        check(get(GUARD_ANOMALY_LIMIT) >= 1, GUARD_ANOMALY_LIMIT, "must be >= 1");
        check(get(GUARD_QUARANTINE_ROUNDS) >= 0, GUARD_QUARANTINE_ROUNDS, "must be >= 0");
        check(get(GUARD_REPLAY_WINDOW) >= 0, GUARD_REPLAY_WINDOW, "must be >= 0");
        AggregationPlan.of(this); // names the bad --aggregator value
    }

    public static JobConfig of(Configuration conf) {
        return new JobConfig(new Configuration(conf));
    }

    /**
     * Parses {@code --key value} pairs; every key must be one of {@link FedStreamOptions#all()}.
     *
     * @throws IllegalArgumentException naming the unknown key or the flag missing its value
     */
    public static JobConfig fromArgs(String[] args) {
        Map<String, ConfigOption<?>> known = new HashMap<>();
        for (ConfigOption<?> option : FedStreamOptions.all()) {
            known.put(option.key(), option);
        }
        Map<String, String> values = new HashMap<>();
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
            if (!known.containsKey(key)) {
                throw new IllegalArgumentException(
                        "unknown flag --"
                                + key
                                + "; known flags: --"
                                + String.join(", --", known.keySet()));
            }
            values.put(key, value);
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

    public Configuration configuration() {
        return new Configuration(conf);
    }

    public ModelSpec modelSpec() {
        return ModelSpec.parse(get(MODEL_SPEC));
    }

    public String modelId() {
        return get(MODEL_ID);
    }

    public int minClients() {
        int min = get(MIN_CLIENTS);
        return min > 0 ? min : get(CLIENTS_PER_ROUND);
    }

    /** Shards of the aggregation for a job of {@code parallelism}. */
    public int shards(int parallelism) {
        int shards = get(AGGREGATION_SHARDS);
        return shards > 0 ? shards : Math.max(1, parallelism);
    }

    /** A copy with {@code option} set to {@code value}. */
    public <T> JobConfig with(ConfigOption<T> option, T value) {
        Configuration copy = new Configuration(conf);
        copy.set(option, value);
        return new JobConfig(copy);
    }

    private static void check(boolean ok, ConfigOption<?> option, String expectation) {
        if (!ok) {
            throw new IllegalArgumentException("--" + option.key() + " " + expectation);
        }
    }

    private static final HtmlFormatter TEXT = new HtmlFormatter();

    /** One line per option: flag, default, description (for --help and the README table). */
    public static String usage() {
        StringBuilder b = new StringBuilder("FedStream job options (flag value):\n");
        for (ConfigOption<?> o : FedStreamOptions.all()) {
            b.append(
                    String.format(
                            "  --%-24s default %-22s %s%n",
                            o.key(), o.defaultValue(), TEXT.format(o.description())));
        }
        return b.toString();
    }
}
