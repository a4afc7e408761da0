package io.fedstream.job.config;

import io.fedstream.contract.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every option of the FedStream job. Each is a command-line flag of the same name: {@code
 * --clients-per-round 10}. The first block mirrors the seed's FederatedConfig with its defaults.
 */
public final class FedStreamOptions {
    private FedStreamOptions() {}

    // --- FederatedConfig ---------------------------------------------------------------------

    public static final ConfigOption<Integer> NUM_CLIENTS =
            ConfigOptions.key("num-clients")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Expected client population. Informational for now (logged at start); the"
                                    + " job samples among the clients it has actually seen alive.");

    public static final ConfigOption<Integer> CLIENTS_PER_ROUND =
            ConfigOptions.key("clients-per-round")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Clients selected per round (uniformly at random, seeded, among clients alive)."
                                    + " A round closes when all selected clients answered or at its deadline.");

    public static final ConfigOption<Integer> NUM_ROUNDS =
            ConfigOptions.key("num-rounds")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Rounds to run; the last global model is flagged training_complete.");

    public static final ConfigOption<Integer> LOCAL_EPOCHS =
            ConfigOptions.key("local-epochs")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Local epochs per round, sent to clients in each RoundTask.");

    public static final ConfigOption<Double> LEARNING_RATE =
            ConfigOptions.key("learning-rate")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription("Client SGD learning rate, sent in each RoundTask.");

    public static final ConfigOption<Double> PRIVACY_BUDGET =
            ConfigOptions.key("privacy-budget")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Target epsilon of differential privacy. Accepted, not used yet (no DP).");

    public static final ConfigOption<Double> COMPRESSION_RATIO =
            ConfigOptions.key("compression-ratio")
                    .doubleType()
                    .defaultValue(0.1)
                    .withDescription(
                            "Fraction of coordinates clients keep when compressing. Accepted, not used yet.");

    // --- Differential privacy (DP-FedAvg, McMahan et al. 2018) ------------------------------

    public static final ConfigOption<Boolean> DP =
            ConfigOptions.key("dp")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Central DP-FedAvg: Poisson sampling of clients with q = clients-per-round /"
                                    + " num-clients, updates clipped to dp-clip, Gaussian noise on the sum,"
                                    + " RDP accounting that stops training at privacy-budget.");

    public static final ConfigOption<Double> DP_DELTA =
            ConfigOptions.key("dp-delta")
                    .doubleType()
                    .defaultValue(1e-5)
                    .withDescription("Delta of the (epsilon, delta) guarantee.");

    public static final ConfigOption<Double> DP_NOISE_MULTIPLIER =
            ConfigOptions.key("dp-noise-multiplier")
                    .doubleType()
                    .defaultValue(-1.0)
                    .withDescription(
                            "Noise multiplier z (noise std = z x clip on the sum); -1 calibrates the smallest"
                                    + " z that fits privacy-budget over num-rounds.");

    public static final ConfigOption<Double> DP_CLIP =
            ConfigOptions.key("dp-clip")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "L2 clip norm C of each update (the initial C with adaptive clipping).");

    public static final ConfigOption<Boolean> DP_ADAPTIVE_CLIP =
            ConfigOptions.key("dp-adaptive-clip")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Adaptive quantile clipping (Andrew et al. 2021).");

    public static final ConfigOption<Double> DP_TARGET_QUANTILE =
            ConfigOptions.key("dp-target-quantile")
                    .doubleType()
                    .defaultValue(0.5)
                    .withDescription(
                            "Adaptive clipping: target quantile gamma of the update norms.");

    public static final ConfigOption<Double> DP_CLIP_LEARNING_RATE =
            ConfigOptions.key("dp-clip-learning-rate")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "Adaptive clipping: geometric learning rate eta of the clip norm.");

    public static final ConfigOption<Double> DP_CLIPPED_COUNT_STDDEV =
            ConfigOptions.key("dp-clipped-count-stddev")
                    .doubleType()
                    .defaultValue(-1.0)
                    .withDescription(
                            "Adaptive clipping: noise std of the clipped count; -1 means expected clients / 20.");

    public static final ConfigOption<String> DP_KEY_FILE =
            ConfigOptions.key("dp-key-file")
                    .stringType()
                    .defaultValue("")
                    .withDescription(
                            "File with the secret key (>= 16 bytes) the noise is derived from; read at"
                                    + " submission, never logged. Empty: a random key per submission.");

    // --- Training ---------------------------------------------------------------------------

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch-size")
                    .intType()
                    .defaultValue(32)
                    .withDescription("Client minibatch size, sent in each RoundTask.");

    public static final ConfigOption<String> MODEL_ID =
            ConfigOptions.key("model-id")
                    .stringType()
                    .defaultValue("fashion-mnist")
                    .withDescription(
                            "Model identifier; updates for other model ids are dead-lettered.");

    public static final ConfigOption<String> MODEL_SPEC =
            ConfigOptions.key("model-spec")
                    .stringType()
                    .defaultValue("mlp")
                    .withDescription("Architecture: logreg, mlp, logreg:IN-OUT or mlp:IN-H..-OUT.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription("Seed of the initial model and of client sampling.");

    // --- Rounds -----------------------------------------------------------------------------

    public static final ConfigOption<Duration> ROUND_TIMEOUT =
            ConfigOptions.key("round-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Deadline of a round after it opens (processing time). The round closes with"
                                    + " the updates it has by then.");

    public static final ConfigOption<Integer> MIN_CLIENTS =
            ConfigOptions.key("min-clients")
                    .intType()
                    .defaultValue(-1)
                    .withDescription(
                            "Alive clients needed before round 1 opens; -1 means clients-per-round.");

    public static final ConfigOption<Duration> CLIENT_ALIVE_TIMEOUT =
            ConfigOptions.key("client-alive-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A client is alive if its last heartbeat is younger than this.");

    public static final ConfigOption<Integer> AGGREGATION_SHARDS =
            ConfigOptions.key("aggregation-shards")
                    .intType()
                    .defaultValue(-1)
                    .withDescription(
                            "Parameter-range shards of the aggregation; -1 means the job parallelism.");

    // --- Byzantine robustness: aggregation rule ---------------------------------------------

    public static final ConfigOption<String> AGGREGATOR =
            ConfigOptions.key("aggregator")
                    .stringType()
                    .defaultValue("fedavg")
                    .withDescription(
                            "Aggregation rule: fedavg, median, trimmed-mean, krum, multi-krum, bulyan,"
                                    + " geomed or centered-clipping. fedavg, median and trimmed-mean run on"
                                    + " the parameter-range shards; the others need whole vectors and run"
                                    + " on a single aggregation shard.");

    public static final ConfigOption<Integer> BYZANTINE_F =
            ConfigOptions.key("byzantine-f")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "f, the Byzantine updates per round the rule must tolerate (median, krum,"
                                    + " multi-krum, bulyan, geomed). Rounds too small for f fall back to the"
                                    + " coordinate-wise median.");

    public static final ConfigOption<Double> TRIM_BETA =
            ConfigOptions.key("trim-beta")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription(
                            "trimmed-mean: fraction trimmed from each end of every coordinate, in [0, 0.5).");

    public static final ConfigOption<Integer> MULTI_KRUM_M =
            ConfigOptions.key("multi-krum-m")
                    .intType()
                    .defaultValue(-1)
                    .withDescription(
                            "multi-krum: updates averaged after selection; -1 means n - f of each round.");

    public static final ConfigOption<Double> CC_TAU =
            ConfigOptions.key("cc-tau")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "centered-clipping: clipping radius tau around the previous aggregate.");

    public static final ConfigOption<Integer> CC_ITERATIONS =
            ConfigOptions.key("cc-iterations")
                    .intType()
                    .defaultValue(3)
                    .withDescription("centered-clipping: iterations L.");

    public static final ConfigOption<Double> NORM_BOUND =
            ConfigOptions.key("norm-bound")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "Clip every admitted update to this L2 norm before the rule (after DP clipping"
                                    + " when DP is on); 0 turns it off.");

    public static final ConfigOption<Long> MAX_NUM_SAMPLES =
            ConfigOptions.key("max-num-samples")
                    .longType()
                    .defaultValue(0L)
                    .withDescription(
                            "Dead-letter (BAD_NUM_SAMPLES) every update that claims more training"
                                    + " samples than this: it caps one client's weight in FedAvg"
                                    + " and the geometric median against inflated num_samples;"
                                    + " 0 turns it off.");

    // --- Byzantine robustness: client guard (keyed by client id) ----------------------------

    public static final ConfigOption<Duration> GUARD_STATE_TTL =
            ConfigOptions.key("guard-state-ttl")
                    .durationType()
                    .defaultValue(Duration.ofHours(24))
                    .withDescription(
                            "The client guard forgets a client (history, reputation, quarantine) this long"
                                    + " after its last update (processing time).");

    public static final ConfigOption<Boolean> GUARD_ANOMALY_DETECTION =
            ConfigOptions.key("guard-anomaly-detection")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Reject updates whose cosine to the previous aggregate is below"
                                    + " guard-min-cosine or whose norm exceeds guard-norm-factor times the"
                                    + " previous aggregate's norm, and quarantine repeat offenders. Off by"
                                    + " default so that the aggregation rule alone decides (and benchmarks of"
                                    + " the rules measure the rules); replay and duplicate checks run either"
                                    + " way.");

    public static final ConfigOption<Double> GUARD_MIN_COSINE =
            ConfigOptions.key("guard-min-cosine")
                    .doubleType()
                    .defaultValue(-0.2)
                    .withDescription(
                            "An update whose cosine similarity to the previous aggregate delta is below this"
                                    + " is anomalous.");

    public static final ConfigOption<Double> GUARD_NORM_FACTOR =
            ConfigOptions.key("guard-norm-factor")
                    .doubleType()
                    .defaultValue(5.0)
                    .withDescription(
                            "kappa: an update whose L2 norm exceeds kappa times the previous aggregate"
                                    + " delta's norm is anomalous.");

    public static final ConfigOption<Double> GUARD_EWMA_WEIGHT =
            ConfigOptions.key("guard-ewma-weight")
                    .doubleType()
                    .defaultValue(0.3)
                    .withDescription(
                            "Weight of the newest update in the per-client EWMAs of norm, cosine and"
                                    + " reputation.");

    public static final ConfigOption<Integer> GUARD_ANOMALY_LIMIT =
            ConfigOptions.key("guard-anomaly-limit")
                    .intType()
                    .defaultValue(2)
                    .withDescription(
                            "A: anomalies after which a client is quarantined (the count restarts after"
                                    + " each quarantine).");

    public static final ConfigOption<Integer> GUARD_QUARANTINE_ROUNDS =
            ConfigOptions.key("guard-quarantine-rounds")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "K: rounds after the A-th anomaly during which the client's updates are rejected"
                                    + " as QUARANTINED.");

    public static final ConfigOption<Integer> GUARD_REPLAY_WINDOW =
            ConfigOptions.key("guard-replay-window")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "Content hashes of a client's recent updates kept to reject replays.");

    // --- Kafka and runtime -------------------------------------------------------------------

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap-servers")
                    .stringType()
                    .defaultValue("localhost:9092")
                    .withDescription("Kafka bootstrap servers.");

    public static final ConfigOption<String> TOPIC_UPDATES =
            ConfigOptions.key("topic-updates")
                    .stringType()
                    .defaultValue(Topics.UPDATES)
                    .withDescription("Topic of ModelUpdate records (input).");

    public static final ConfigOption<String> TOPIC_HEARTBEATS =
            ConfigOptions.key("topic-heartbeats")
                    .stringType()
                    .defaultValue(Topics.HEARTBEATS)
                    .withDescription("Topic of ClientHeartbeat records (input).");

    public static final ConfigOption<String> TOPIC_ROUND_TASKS =
            ConfigOptions.key("topic-round-tasks")
                    .stringType()
                    .defaultValue(Topics.ROUND_TASKS)
                    .withDescription("Topic of RoundTask records (output).");

    public static final ConfigOption<String> TOPIC_GLOBAL_MODEL =
            ConfigOptions.key("topic-global-model")
                    .stringType()
                    .defaultValue(Topics.GLOBAL_MODEL)
                    .withDescription("Compacted topic of GlobalModel records (output).");

    public static final ConfigOption<String> TOPIC_METRICS =
            ConfigOptions.key("topic-metrics")
                    .stringType()
                    .defaultValue(Topics.METRICS)
                    .withDescription("Topic of RoundMetrics records (output).");

    public static final ConfigOption<String> TOPIC_DEAD_LETTER =
            ConfigOptions.key("topic-dead-letter")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTER)
                    .withDescription("Topic of DeadLetter records (output).");

    public static final ConfigOption<String> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .stringType()
                    .defaultValue("latest")
                    .withDescription(
                            "Where a fresh job starts reading its inputs: latest or earliest. A job restored"
                                    + " from a checkpoint or savepoint resumes from its stored offsets.");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Checkpoint interval. Outputs are Kafka transactions committed on checkpoints,"
                                    + " so this bounds how soon a new model becomes visible.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id-prefix")
                    .stringType()
                    .defaultValue("fedstream")
                    .withDescription("Prefix of the exactly-once sink's Kafka transactional ids.");

    public static final ConfigOption<Boolean> CREATE_TOPICS =
            ConfigOptions.key("create-topics")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Create missing topics with the contract's partitions and configs before the job"
                                    + " starts (compacted global-model topic, 8 MiB message limit).");

    public static final ConfigOption<Integer> TOPIC_REPLICATION_FACTOR =
            ConfigOptions.key("topic-replication-factor")
                    .intType()
                    .defaultValue(1)
                    .withDescription("Replication factor of topics the job creates.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .defaultValue(-1)
                    .withDescription("Job parallelism; -1 leaves the environment's default.");

    /** All options, in the order the README lists them. */
    public static List<ConfigOption<?>> all() {
        return List.of(
                NUM_CLIENTS,
                CLIENTS_PER_ROUND,
                NUM_ROUNDS,
                LOCAL_EPOCHS,
                LEARNING_RATE,
                PRIVACY_BUDGET,
                COMPRESSION_RATIO,
                DP,
                DP_DELTA,
                DP_NOISE_MULTIPLIER,
                DP_CLIP,
                DP_ADAPTIVE_CLIP,
                DP_TARGET_QUANTILE,
                DP_CLIP_LEARNING_RATE,
                DP_CLIPPED_COUNT_STDDEV,
                DP_KEY_FILE,
                BATCH_SIZE,
                MODEL_ID,
                MODEL_SPEC,
                SEED,
                ROUND_TIMEOUT,
                MIN_CLIENTS,
                CLIENT_ALIVE_TIMEOUT,
                AGGREGATION_SHARDS,
                AGGREGATOR,
                BYZANTINE_F,
                TRIM_BETA,
                MULTI_KRUM_M,
                CC_TAU,
                CC_ITERATIONS,
                NORM_BOUND,
                GUARD_STATE_TTL,
                GUARD_ANOMALY_DETECTION,
                GUARD_MIN_COSINE,
                GUARD_NORM_FACTOR,
                GUARD_EWMA_WEIGHT,
                GUARD_ANOMALY_LIMIT,
                GUARD_QUARANTINE_ROUNDS,
                GUARD_REPLAY_WINDOW,
                BOOTSTRAP_SERVERS,
                TOPIC_UPDATES,
                TOPIC_HEARTBEATS,
                TOPIC_ROUND_TASKS,
                TOPIC_GLOBAL_MODEL,
                TOPIC_METRICS,
                TOPIC_DEAD_LETTER,
                STARTING_OFFSETS,
                CHECKPOINT_INTERVAL,
                TRANSACTIONAL_ID_PREFIX,
                CREATE_TOPICS,
                TOPIC_REPLICATION_FACTOR,
                PARALLELISM);
    }
}
