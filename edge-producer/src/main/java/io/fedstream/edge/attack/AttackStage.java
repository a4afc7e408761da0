package io.fedstream.edge.attack;

import io.fedstream.edge.pipeline.ClientBehaviour;
import io.fedstream.edge.pipeline.LocalUpdate;
import io.fedstream.edge.pipeline.RoundWork;
import io.fedstream.edge.pipeline.UpdateStage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated attack as a pipeline stage: turns a client's honest update into what its {@link
 * ClientAttack} sends (honest clients hand it on, posting it on the collusion board where the
 * attack needs that). The simulated fleet inserts it right after training, so local DP and
 * compression see the malicious update as they would on a compromised device.
 *
 * <p>The colluding attacks complete later, on the thread of the last colluder's post or the board's
 * timer, so that waiting never holds a training thread.
 */
public final class AttackStage implements UpdateStage {
    private final ClientAttack attack;

    public AttackStage(ClientAttack attack) {
        this.attack = attack;
    }

    /**
     * The behaviour of a fleet client under {@code attack}: its poisoned labels (label flipping),
     * this stage after training, and its claimed sample count (inflated num_samples).
     */
    public static ClientBehaviour behaviour(ClientAttack attack) {
        return new ClientBehaviour(
                attack::labelMap, List.of(new AttackStage(attack)), attack::claimedSamples);
    }

    @Override
    public String name() {
        return "attack";
    }

    @Override
    public CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update) {
        RoundWork work = update.work();
        return attack.answer(
                        work.round(), work.selectedClients(), update.delta(), update.numSamples())
                .thenApply(
                        out ->
                                Optional.of(
                                        update.withDelta(out.delta())
                                                .withNumSamples(out.numSamples())
                                                .withNote(out.note())));
    }
}
