package io.fedstream.local.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.job.clientmanager.selection.ClientSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepBudgetTest {
    @Test
    void countsEpochsTimesCeilOfSizeOverBatchForTheSelectedClients() {
        int[] sizes = {10, 33, 64, 1};
        StepBudget budget = new StepBudget(sizes, 2, 3, 32, 7);
        List<String> all = List.of("client-0000", "client-0001", "client-0002", "client-0003");
        List<String> chosen = ClientSampler.sample(all, 2, 7, 5);
        assertThat(budget.selected(5)).isEqualTo(chosen);
        // ceil(n / 32) per client: 1, 2, 2, 1; times 3 epochs
        int[] stepsPerClient = {3, 6, 6, 3};
        long expected = 0;
        for (String id : chosen) {
            expected += stepsPerClient[all.indexOf(id)];
        }
        assertThat(budget.steps(5)).isEqualTo(expected);
    }

    @Test
    void everyClientSelectedGivesTheWholePopulationsSteps() {
        StepBudget budget = new StepBudget(new int[] {32, 65}, 2, 1, 32, 1);
        assertThat(budget.steps(1)).isEqualTo(1 + 3);
    }
}
