package io.fedstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    /** The flags with client-auth off first (the identity options have their own test). */
    private static JobConfig parse(String... args) {
        if (java.util.Arrays.asList(args).contains("--client-auth")) {
            return JobConfig.fromArgs(args);
        }
        String[] withAuthOff = new String[args.length + 2];
        withAuthOff[0] = "--client-auth";
        withAuthOff[1] = "off";
        System.arraycopy(args, 0, withAuthOff, 2, args.length);
        return JobConfig.fromArgs(withAuthOff);
    }

    @Test
    void theTransactionTimeoutMustOutlastACheckpointAndARestart() {
        JobConfig c = parse();
        assertThat(c.get(KafkaOptions.TRANSACTION_TIMEOUT).toMillis())
                .isGreaterThanOrEqualTo(
                        c.get(RuntimeOptions.CHECKPOINT_TIMEOUT).toMillis() + 60_000);
        assertThatThrownBy(() -> parse("--checkpoint-timeout", "10 min"))
                .hasMessageContaining(
                        "--transaction-timeout 600000 ms must exceed checkpoint-timeout");
        assertThat(parse("--checkpoint-timeout", "10 min", "--transaction-timeout", "11 min"))
                .isNotNull();
    }

    @Test
    void theTransactionalIdPrefixNamesTheModelAndTheRun() {
        assertThat(
                        io.fedstream.job.kafka.KafkaEndpoints.transactionalIdPrefix(
                                parse("--model-id", "m")))
                .isEqualTo("fedstream-m");
        assertThat(
                        io.fedstream.job.kafka.KafkaEndpoints.transactionalIdPrefix(
                                parse("--model-id", "m", "--run-id", "run-2")))
                .isEqualTo("fedstream-m-run-2");
    }

    @Test
    void signedClientAuthIsTheDefaultAndNeedsItsKeysAndRun() {
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[0]))
                .hasMessageContaining("--job-identity must be set with client-auth signed");
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        new String[] {
                                            "--job-identity",
                                            "j.key",
                                            "--operator-identity",
                                            "o.pub"
                                        }))
                .hasMessageContaining("--run-id must be set");
        JobConfig c =
                JobConfig.fromArgs(
                        new String[] {
                            "--job-identity",
                            "j.key",
                            "--operator-identity",
                            "o.pub",
                            "--run-id",
                            "run-7"
                        });
        assertThat(c.get(IdentityOptions.CLIENT_AUTH)).isEqualTo(ClientAuth.SIGNED);
        assertThatThrownBy(() -> parse("--run-id", "a\u0000b"))
                .hasMessageContaining("--run-id must be 1-128 printable characters");
    }

    @Test
    void defaultsAreTheSeedsFederatedConfig() {
        JobConfig c = parse();
        assertThat(c.get(RoundOptions.NUM_CLIENTS)).isEqualTo(10);
        assertThat(c.get(RoundOptions.CLIENTS_PER_ROUND)).isEqualTo(5);
        assertThat(c.get(RoundOptions.NUM_ROUNDS)).isEqualTo(100);
        assertThat(c.get(RoundOptions.LOCAL_EPOCHS)).isEqualTo(5);
        assertThat(c.get(RoundOptions.LEARNING_RATE)).isEqualTo(0.01);
        assertThat(c.get(PrivacyOptions.PRIVACY_BUDGET)).isEqualTo(1.0);
        assertThat(c.get(AggregationOptions.AGGREGATOR)).isEqualTo(Aggregator.FEDAVG);
        assertThat(c.get(KafkaOptions.STARTING_OFFSETS)).isEqualTo(StartingOffsets.LATEST);
    }

    @Test
    void flagsMapToOptionsInBothSpellings() {
        JobConfig c =
                parse(
                        "--clients-per-round",
                        "7",
                        "--round-timeout=90 s",
                        "--model-spec",
                        "logreg",
                        "--aggregation-shards",
                        "3");
        assertThat(c.get(RoundOptions.CLIENTS_PER_ROUND)).isEqualTo(7);
        assertThat(c.get(RoundOptions.ROUND_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.modelSpec().numParameters()).isEqualTo(7850);
        assertThat(c.shards(8)).isEqualTo(3);
    }

    @Test
    void acceptsTheDocumentedMaxNumSamplesFlag() {
        assertThat(parse("--max-num-samples", "2000").get(AggregationOptions.MAX_NUM_SAMPLES))
                .isEqualTo(2000L);
    }

    @Test
    void unknownFlagsAndBadValuesAreNamed() {
        assertThatThrownBy(() -> parse("--clients-per-rnd", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown flag --clients-per-rnd; known flags:");
        assertThatThrownBy(() -> parse("--num-rounds", "0")).hasMessage("--num-rounds must be > 0");
        assertThatThrownBy(() -> parse("--fedprox-mu", "-0.5"))
                .hasMessage("--fedprox-mu must be finite and >= 0");
        assertThatThrownBy(() -> parse("--learning-rate-decay", "0"))
                .hasMessage("--learning-rate-decay must be in (0, 1]");
        assertThatThrownBy(() -> parse("--learning-rate-decay", "1.5"))
                .hasMessage("--learning-rate-decay must be in (0, 1]");
        assertThatThrownBy(() -> parse("--learning-rate", "Infinity"))
                .hasMessage("--learning-rate must be finite and > 0");
        assertThatThrownBy(() -> parse("--clients-per-round", "10001"))
                .hasMessage(
                        "--clients-per-round must be in 1..10000 (a round task lists them all)");
        assertThatThrownBy(() -> parse("--seed")).hasMessage("flag --seed needs a value");
        assertThatThrownBy(() -> parse("--model-spec", "rnn"))
                .hasMessageContaining("model spec 'rnn'");
        assertThatThrownBy(() -> parse("--seed", "forty-two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--seed: ")
                .hasMessageContaining("forty-two");
    }

    @Test
    void registryBoundsAreCheckedAgainstTheOptionsTheyDependOn() {
        JobConfig defaults = parse();
        assertThat(defaults.get(RoundOptions.MAX_REGISTERED_CLIENTS)).isEqualTo(100_000);
        assertThat(defaults.get(RoundOptions.HEARTBEAT_MIN_INTERVAL))
                .isEqualTo(Duration.ofSeconds(1));
        // 15 s is half of the 30 s alive timeout: allowed; 0 turns the limit off
        assertThat(
                        parse("--heartbeat-min-interval", "15s")
                                .get(RoundOptions.HEARTBEAT_MIN_INTERVAL))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(
                        parse("--heartbeat-min-interval", "0ms")
                                .get(RoundOptions.HEARTBEAT_MIN_INTERVAL))
                .isZero();
        assertThatThrownBy(() -> parse("--heartbeat-min-interval", "15001ms"))
                .hasMessage(
                        "--heartbeat-min-interval 15001 ms must be >= 0 and at most half of"
                                + " client-alive-timeout (30000 ms), or a rate-limited client"
                                + " could look dead");
        assertThatThrownBy(() -> parse("--client-alive-timeout", "0s"))
                .hasMessage("--client-alive-timeout must be > 0");
        // clients-per-round defaults to 5: round 1 waits for 5 alive clients
        assertThatThrownBy(() -> parse("--max-registered-clients", "4"))
                .hasMessage(
                        "--max-registered-clients 4 must be >= the alive clients round 1 waits for"
                                + " (5, min-clients or clients-per-round)");
        assertThat(
                        parse("--max-registered-clients", "4", "--min-clients", "3")
                                .get(RoundOptions.MAX_REGISTERED_CLIENTS))
                .isEqualTo(4);
    }

    @Test
    void removedOptionsAreUnknownFlags() {
        assertThatThrownBy(() -> parse("--compression-ratio", "0.1"))
                .hasMessageStartingWith("unknown flag --compression-ratio");
    }

    @Test
    void enumOptionsTakeTheValuesUsersTypeAndListThemWhenWrong() {
        assertThat(parse("--aggregator", "multi-krum").get(AggregationOptions.AGGREGATOR))
                .isEqualTo(Aggregator.MULTI_KRUM);
        assertThat(parse("--aggregator=Trimmed-Mean").get(AggregationOptions.AGGREGATOR))
                .isEqualTo(Aggregator.TRIMMED_MEAN);
        assertThat(parse("--starting-offsets", "earliest").get(KafkaOptions.STARTING_OFFSETS))
                .isEqualTo(StartingOffsets.EARLIEST);
        assertThatThrownBy(() -> parse("--aggregator", "mean"))
                .hasMessage(
                        "--aggregator mean is not one of fedavg, median, trimmed-mean, krum,"
                                + " multi-krum, bulyan, geomed, centered-clipping");
        assertThatThrownBy(() -> parse("--aggregator", "MULTI_KRUM"))
                .hasMessageStartingWith("--aggregator MULTI_KRUM is not one of");
        assertThatThrownBy(() -> parse("--starting-offsets", "middle"))
                .hasMessage("--starting-offsets middle is not one of latest, earliest");
    }

    @Test
    void everyAggregatorNameParsesToItsRule() {
        String[] names = {
            "fedavg",
            "median",
            "trimmed-mean",
            "krum",
            "multi-krum",
            "bulyan",
            "geomed",
            "centered-clipping"
        };
        assertThat(Aggregator.values()).hasSize(names.length);
        for (int i = 0; i < names.length; i++) {
            assertThat(Aggregator.parse(names[i])).isEqualTo(Aggregator.values()[i]);
            assertThat(parse("--aggregator", names[i]).get(AggregationOptions.AGGREGATOR))
                    .isEqualTo(Aggregator.values()[i]);
        }
    }

    @Test
    void unsetOptionalOptionsKeepTheirEffectiveDefaults() {
        JobConfig c = parse("--clients-per-round", "4");
        assertThat(c.getOptional(RoundOptions.MIN_CLIENTS)).isEmpty();
        assertThat(c.minClients()).isEqualTo(4);
        assertThat(c.getOptional(AggregationOptions.AGGREGATION_SHARDS)).isEmpty();
        assertThat(c.shards(4)).isEqualTo(4);
        assertThat(c.shards(0)).isEqualTo(1);
        assertThat(c.getOptional(AggregationOptions.MULTI_KRUM_M)).isEmpty();
        assertThat(c.getOptional(RuntimeOptions.PARALLELISM)).isEmpty();
        assertThat(c.getOptional(PrivacyOptions.DP_NOISE_MULTIPLIER)).isEmpty();
        assertThat(c.getOptional(PrivacyOptions.DP_CLIPPED_COUNT_STDDEV)).isEmpty();
        assertThat(c.getOptional(PrivacyOptions.DP_KEY_FILE)).isEmpty();

        JobConfig set = parse("--clients-per-round", "4", "--min-clients", "9");
        assertThat(set.minClients()).isEqualTo(9);
    }

    @Test
    void theOldMinusOneSentinelsAreRefusedNamingWhatUnsetMeans() {
        assertThatThrownBy(() -> parse("--min-clients", "-1"))
                .hasMessage("--min-clients -1 must be >= 1 (unset: clients-per-round)");
        assertThatThrownBy(() -> parse("--aggregation-shards", "0"))
                .hasMessage("--aggregation-shards 0 must be >= 1 (unset: the parallelism)");
        assertThatThrownBy(() -> parse("--multi-krum-m", "-1"))
                .hasMessage("--multi-krum-m -1 must be >= 1 (unset: n - f)");
        assertThatThrownBy(() -> parse("--parallelism", "-1"))
                .hasMessage("--parallelism -1 must be >= 1 (unset: the environment's)");
        assertThatThrownBy(() -> parse("--dp-noise-multiplier", "-1"))
                .hasMessage("--dp-noise-multiplier -1.0 must be > 0 (unset: calibrated)");
        assertThatThrownBy(() -> parse("--dp-clipped-count-stddev", "-1"))
                .hasMessage("--dp-clipped-count-stddev -1.0 must be > 0 (unset: clients / 20)");
    }
}
