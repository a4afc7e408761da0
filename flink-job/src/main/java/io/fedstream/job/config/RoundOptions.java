package io.fedstream.job.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Options of the federation and its rounds: population, selection, deadlines, the model and the
 * training hyper-parameters the job sends to clients in every RoundTask.
 */
public final class RoundOptions {
    private RoundOptions() {}

    public static final ConfigOption<Integer> NUM_ROUNDS =
            ConfigOptions.key("num-rounds")
                    .intType()
                    .defaultValue(100)
                    .withDescription(
                            "Rounds to run; the last global model is flagged training_complete.");

    public static final ConfigOption<Integer> NUM_CLIENTS =
            ConfigOptions.key("num-clients")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Client population N. With dp, clients are Poisson-sampled with q ="
                                    + " clients-per-round / num-clients and the noise is calibrated"
                                    + " for that q; without dp the job samples among the clients it"
                                    + " has seen alive and does not read it.");

    public static final ConfigOption<Integer> CLIENTS_PER_ROUND =
            ConfigOptions.key("clients-per-round")
                    .intType()
                    .defaultValue(5)
                    .withDescription(
                            "Clients selected per round (uniformly at random, seeded, among clients"
                                    + " alive; with dp the expected number of Poisson-sampled"
                                    + " clients). A round closes when all selected clients answered"
                                    + " or at its deadline.");

    public static final ConfigOption<Integer> MIN_CLIENTS =
            ConfigOptions.key("min-clients")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Alive clients needed before round 1 opens. Unset: clients-per-round.");

    public static final ConfigOption<Duration> ROUND_TIMEOUT =
            ConfigOptions.key("round-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "Deadline of a round after it opens (processing time). The round closes"
                                    + " with the updates it has by then.");

    public static final ConfigOption<Duration> CLIENT_ALIVE_TIMEOUT =
            ConfigOptions.key("client-alive-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription(
                            "A client is alive if its last heartbeat is younger than this. Clients"
                                    + " silent for longer are pruned from the registry when a round"
                                    + " closes and every this-long on a timer, also after the final"
                                    + " round.");

    public static final ConfigOption<Integer> MAX_REGISTERED_CLIENTS =
            ConfigOptions.key("max-registered-clients")
                    .intType()
                    .defaultValue(100_000)
                    .withDescription(
                            "Most clients the registry of alive clients holds. A heartbeat from a"
                                    + " new client into a full registry evicts the least recently"
                                    + " heard tenth of it (never the newcomer): a flood of fake ids"
                                    + " cannot lock honest newcomers out, and evicts an honest"
                                    + " client only by bringing nine tenths of this many fresh ids"
                                    + " within one of its heartbeat periods. Must be at least"
                                    + " min-clients.");

    public static final ConfigOption<Duration> HEARTBEAT_MIN_INTERVAL =
            ConfigOptions.key("heartbeat-min-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "A heartbeat from a client whose previous heartbeat passed less than"
                                    + " this ago is dropped before the round coordinator (counted"
                                    + " in the metric heartbeatsLimited, not dead-lettered). Keep"
                                    + " it well below the edge clients' heartbeat period (2 s by"
                                    + " default) and below half of client-alive-timeout; 0 turns"
                                    + " the limit off.");

    public static final ConfigOption<Long> SEED =
            ConfigOptions.key("seed")
                    .longType()
                    .defaultValue(42L)
                    .withDescription(
                            "Seed of the initial model and, without dp, of client sampling (with dp"
                                    + " the sampling seed is derived from the secret noise key).");

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
                    .withDescription(
                            "Architecture: logreg, mlp, cnn, logreg:IN-OUT, mlp:IN-H..-OUT or"
                                    + " cnn:S-K-C1-C2-H..-OUT (docs/wire-format.md).");

    public static final ConfigOption<Integer> LOCAL_EPOCHS =
            ConfigOptions.key("local-epochs")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Local epochs per round, sent to clients in each RoundTask.");

    public static final ConfigOption<Double> LEARNING_RATE =
            ConfigOptions.key("learning-rate")
                    .doubleType()
                    .defaultValue(0.01)
                    .withDescription(
                            "Client SGD learning rate of round 1, sent in each RoundTask (see"
                                    + " learning-rate-decay for later rounds).");

    public static final ConfigOption<Double> LEARNING_RATE_DECAY =
            ConfigOptions.key("learning-rate-decay")
                    .doubleType()
                    .defaultValue(1.0)
                    .withDescription(
                            "Per-round factor of the client learning rate: round r's RoundTask"
                                    + " carries learning-rate x decay^(r-1). 1 = constant; in"
                                    + " (0, 1].");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch-size")
                    .intType()
                    .defaultValue(32)
                    .withDescription("Client minibatch size, sent in each RoundTask.");

    public static final ConfigOption<Double> FEDPROX_MU =
            ConfigOptions.key("fedprox-mu")
                    .doubleType()
                    .defaultValue(0.0)
                    .withDescription(
                            "FedProx's proximal coefficient mu (Li et al. 2020), sent in each"
                                    + " RoundTask: clients add (mu/2)||w - w_global||^2 to their"
                                    + " local loss. 0 = plain local SGD; the paper tunes mu in"
                                    + " {0.001, 0.01, 0.1, 1}.");
}
