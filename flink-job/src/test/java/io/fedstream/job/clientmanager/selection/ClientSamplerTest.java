package io.fedstream.job.clientmanager.selection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientSamplerTest {

    private static List<String> clients(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(String.format("client-%04d", i));
        }
        return ids;
    }

    @Test
    void sameSeedRoundAndSetGiveSameSampleWhateverTheOrder() {
        List<String> ids = clients(50);
        List<String> reversed = new ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertThat(ClientSampler.sample(ids, 10, 7, 3))
                .isEqualTo(ClientSampler.sample(reversed, 10, 7, 3));
        assertThat(ClientSampler.sample(ids, 10, 7, 3))
                .isNotEqualTo(ClientSampler.sample(ids, 10, 7, 4));
    }

    @Test
    void samplesDistinctClientsAndAllWhenFewerThanK() {
        assertThat(ClientSampler.sample(clients(30), 10, 1, 1)).hasSize(10).doesNotHaveDuplicates();
        assertThat(ClientSampler.sample(clients(3), 10, 1, 1))
                .containsExactlyElementsOf(clients(3));
    }

    @Test
    void everyClientIsSelectedWithProbabilityKOverN() {
        // Uniform sampling of k=5 of n=20: each client is picked with p = 1/4. Over 4,000 rounds
        // the expected count is 1,000 with sd sqrt(4000 * 0.25 * 0.75) = 27.4; allow 5 sd.
        List<String> ids = clients(20);
        Map<String, Integer> counts = new HashMap<>();
        for (long round = 1; round <= 4000; round++) {
            for (String id : ClientSampler.sample(ids, 5, 99, round)) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        assertThat(counts).hasSize(20);
        assertThat(counts.values())
                .allSatisfy(c -> assertThat(c).isBetween(1000 - 137, 1000 + 137));
    }
}
