package io.fedstream.local;

import io.fedstream.job.config.RoundOptions;
import io.fedstream.model.ModelSpec;
import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The demo's federation flags (a picocli mixin): population, rounds, data split, model and client
 * training. Flags that set a job option carry its key as their name; the demo's defaults are its
 * own (a small run), not the job's. The hidden flags are the names these had before they matched
 * the job's, kept so that existing command lines still work.
 */
public final class DemoFederationOptions {
    // A flag with a hidden old name keeps its default as the field's initial value: picocli
    // applies a defaultValue attribute after the old name's setter and would undo it.
    @Option(
            names = "--num-rounds",
            paramLabel = "N",
            description = "Federated rounds (default ${DEFAULT-VALUE}).")
    int rounds = 30;

    @Option(
            names = "--num-clients",
            paramLabel = "N",
            description =
                    "Edge clients in the fleet, all sampled from once alive (default"
                            + " ${DEFAULT-VALUE}).")
    int clients = 100;

    @Option(
            names = "--clients-per-round",
            paramLabel = "K",
            description = "Clients selected per round (default ${DEFAULT-VALUE}).")
    int perRound = 10;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            paramLabel = "ALPHA|iid",
            description =
                    "Dirichlet label-skew concentration, or 'iid' (default ${DEFAULT-VALUE}).")
    String alpha;

    @Option(
            names = "--model-spec",
            paramLabel = "SPEC",
            description =
                    "logreg, mlp or cnn, or an explicit spec like mlp:784-64-10 (default"
                            + " ${DEFAULT-VALUE}).")
    String model = "mlp";

    @Option(
            names = "--local-epochs",
            defaultValue = "10",
            description = "Local epochs per round (default ${DEFAULT-VALUE}).")
    int localEpochs;

    @Option(
            names = "--learning-rate",
            paramLabel = "LR",
            description = "Client SGD learning rate (default ${DEFAULT-VALUE}).")
    double lr = 0.1;

    @Option(
            names = "--learning-rate-decay",
            paramLabel = "F",
            description =
                    "Per-round factor of the client learning rate: round r trains at LR x"
                            + " F^(r-1); 1 = constant (default ${DEFAULT-VALUE}).")
    double lrDecay = 1.0;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "Client minibatch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--fedprox-mu",
            defaultValue = "0",
            paramLabel = "MU",
            description =
                    "FedProx's proximal coefficient mu at the clients; 0 = plain local SGD"
                            + " (default ${DEFAULT-VALUE}).")
    double fedproxMu;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Seed of the model, sampling, partition and training (default"
                            + " ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--round-timeout",
            defaultValue = "120 s",
            paramLabel = "DURATION",
            converter = SecondsOrDuration.class,
            description =
                    "Round deadline: a duration as the job takes it (90 s, 2 min) or a bare number"
                            + " of seconds (default ${DEFAULT-VALUE}).")
    Duration roundTimeout;

    @Option(names = "--rounds", hidden = true)
    void deprecatedRounds(int value) {
        rounds = value;
    }

    @Option(names = "--clients", hidden = true)
    void deprecatedClients(int value) {
        clients = value;
    }

    @Option(names = "--per-round", hidden = true)
    void deprecatedPerRound(int value) {
        perRound = value;
    }

    @Option(names = "--model", hidden = true)
    void deprecatedModel(String value) {
        model = value;
    }

    @Option(names = "--lr", hidden = true)
    void deprecatedLr(double value) {
        lr = value;
    }

    /** Sets the job options these flags stand for. */
    void applyTo(Configuration c) {
        c.set(RoundOptions.MODEL_ID, "fashion-mnist");
        c.set(RoundOptions.MODEL_SPEC, ModelSpec.parse(model).toString());
        c.set(RoundOptions.NUM_CLIENTS, clients);
        c.set(RoundOptions.CLIENTS_PER_ROUND, perRound);
        c.set(RoundOptions.NUM_ROUNDS, rounds);
        c.set(RoundOptions.LOCAL_EPOCHS, localEpochs);
        c.set(RoundOptions.LEARNING_RATE, lr);
        c.set(RoundOptions.LEARNING_RATE_DECAY, lrDecay);
        c.set(RoundOptions.BATCH_SIZE, batchSize);
        c.set(RoundOptions.FEDPROX_MU, fedproxMu);
        c.set(RoundOptions.SEED, seed);
        c.set(RoundOptions.ROUND_TIMEOUT, roundTimeout);
        // Start once the whole fleet has registered, so round 1 samples from every client.
        c.set(RoundOptions.MIN_CLIENTS, clients);
    }

    /** The Dirichlet concentration, or null for IID. */
    Double alphaValue(CommandLine cl) {
        if (alpha.equalsIgnoreCase("iid")) {
            return null;
        }
        try {
            double a = Double.parseDouble(alpha);
            if (!(a > 0) || Double.isInfinite(a)) {
                throw new NumberFormatException();
            }
            return a;
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(
                    cl, "--alpha '" + alpha + "': expected a number > 0 or 'iid'");
        }
    }

    /** A Flink duration ({@code 90 s}); a bare number is seconds, as this flag always took. */
    static final class SecondsOrDuration implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern DIGITS = Pattern.compile("\\d+");

        @Override
        public Duration convert(String value) {
            String v = value.trim();
            if (DIGITS.matcher(v).matches()) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            try {
                return TimeUtils.parseDuration(v);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is neither a duration (90 s, 2 min) nor seconds");
            }
        }
    }
}
