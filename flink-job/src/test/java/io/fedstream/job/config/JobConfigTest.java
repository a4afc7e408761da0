package io.fedstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    @Test
    void defaultsAreTheSeedsFederatedConfig() {
        JobConfig c = JobConfig.fromArgs(new String[0]);
        assertThat(c.get(FedStreamOptions.NUM_CLIENTS)).isEqualTo(10);
        assertThat(c.get(FedStreamOptions.CLIENTS_PER_ROUND)).isEqualTo(5);
        assertThat(c.get(FedStreamOptions.NUM_ROUNDS)).isEqualTo(100);
        assertThat(c.get(FedStreamOptions.LOCAL_EPOCHS)).isEqualTo(5);
        assertThat(c.get(FedStreamOptions.LEARNING_RATE)).isEqualTo(0.01);
        assertThat(c.get(FedStreamOptions.PRIVACY_BUDGET)).isEqualTo(1.0);
        assertThat(c.get(FedStreamOptions.COMPRESSION_RATIO)).isEqualTo(0.1);
        assertThat(c.minClients()).isEqualTo(5);
        assertThat(c.shards(4)).isEqualTo(4);
    }

    @Test
    void flagsMapToOptionsInBothSpellings() {
        JobConfig c =
                JobConfig.fromArgs(
                        new String[] {
                            "--clients-per-round",
                            "7",
                            "--round-timeout=90 s",
                            "--model-spec",
                            "logreg",
                            "--aggregation-shards",
                            "3"
                        });
        assertThat(c.get(FedStreamOptions.CLIENTS_PER_ROUND)).isEqualTo(7);
        assertThat(c.get(FedStreamOptions.ROUND_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.modelSpec().numParameters()).isEqualTo(7850);
        assertThat(c.shards(8)).isEqualTo(3);
    }

    @Test
    void unknownFlagsAndBadValuesAreNamed() {
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--clients-per-rnd", "3"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown flag --clients-per-rnd; known flags:");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--num-rounds", "0"}))
                .hasMessage("--num-rounds must be > 0");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--starting-offsets", "middle"}))
                .hasMessage("--starting-offsets must be latest or earliest");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--seed"}))
                .hasMessage("flag --seed needs a value");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--model-spec", "cnn"}))
                .hasMessageContaining("model spec 'cnn'");
    }

    @Test
    void usageListsEveryOption() {
        String usage = JobConfig.usage();
        for (var option : FedStreamOptions.all()) {
            assertThat(usage).contains("--" + option.key());
        }
    }
}
