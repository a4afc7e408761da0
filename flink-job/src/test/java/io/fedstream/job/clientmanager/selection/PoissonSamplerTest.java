package io.fedstream.job.clientmanager.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoissonSamplerTest {

    @Test
    void eachClientJoinsWithProbabilityQ() {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            clients.add("c" + i);
        }
        // 200 rounds x 1000 clients x q 0.05: expected 10,000 selections, sd sqrt(200000*0.05*0.95)
        // = 97.5.
        long total = 0;
        for (long round = 1; round <= 200; round++) {
            total += PoissonSampler.sample(clients, 0.05, 11, round).size();
        }
        assertThat(total).isBetween(10_000L - 500, 10_000L + 500);
    }

    @Test
    void deterministicWhateverTheOrder() {
        List<String> a = List.of("x", "y", "z", "w");
        List<String> b = List.of("w", "z", "y", "x");
        assertThat(PoissonSampler.sample(a, 0.5, 3, 9))
                .isEqualTo(PoissonSampler.sample(b, 0.5, 3, 9));
    }
}
