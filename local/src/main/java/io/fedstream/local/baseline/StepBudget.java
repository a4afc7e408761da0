package io.fedstream.local.baseline;

import io.fedstream.edge.client.FleetConfig;
import io.fedstream.job.clientmanager.selection.ClientSampler;
import java.util.ArrayList;
import java.util.List;

/**
 * The local SGD steps a federated run spends per round, so a centralized run can be given the same
 * budget: in round r each selected client i runs E epochs of ceil(n_i / b) minibatch steps. The
 * selection is the job's own (seeded uniform sampling of {@code k} among all clients, as in the
 * demo, where every client is alive from round 1; see {@link ClientSampler}).
 */
public final class StepBudget {
    private final int[] partitionSizes;
    private final int clientsPerRound;
    private final int localEpochs;
    private final int batchSize;
    private final long samplingSeed;
    private final List<String> ids = new ArrayList<>();

    /**
     * @param partitionSizes n_i of client i ({@code FleetConfig.clientId(i)})
     * @param samplingSeed the job's sampling seed (its {@code --seed} without DP)
     */
    public StepBudget(
            int[] partitionSizes,
            int clientsPerRound,
            int localEpochs,
            int batchSize,
            long samplingSeed) {
        if (clientsPerRound < 1 || localEpochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "clients per round, local epochs and batch size must be >= 1");
        }
        this.partitionSizes = partitionSizes.clone();
        this.clientsPerRound = clientsPerRound;
        this.localEpochs = localEpochs;
        this.batchSize = batchSize;
        this.samplingSeed = samplingSeed;
        for (int i = 0; i < partitionSizes.length; i++) {
            ids.add(FleetConfig.clientId(i));
        }
    }

    /** The clients the job selects for {@code round}. */
    public List<String> selected(long round) {
        return ClientSampler.sample(ids, clientsPerRound, samplingSeed, round);
    }

    /** Σ over the selected clients of E · ceil(n_i / b). */
    public long steps(long round) {
        long steps = 0;
        for (String id : selected(round)) {
            int n = partitionSizes[ids.indexOf(id)];
            steps += (long) localEpochs * ((n + batchSize - 1) / batchSize);
        }
        return steps;
    }
}
