package io.fedstream.edge.pipeline;

import io.fedstream.edge.privacy.LocalDp;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local differential privacy of what leaves the device: {@link LocalDp} clips and noises the update
 * (after any stage a simulation inserted before it) and keeps the client's ε account. Refuses a
 * round before training once one more release would exceed the budget.
 */
public final class LocalDpStage implements UpdateStage {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDpStage.class);

    private final String clientId;
    private final LocalDp localDp;

    public LocalDpStage(String clientId, LocalDp localDp) {
        this.clientId = clientId;
        this.localDp = localDp;
    }

    @Override
    public String name() {
        return "local-dp";
    }

    @Override
    public Optional<String> refusal(RoundWork work) {
        if (localDp.canRelease()) {
            return Optional.empty();
        }
        return Optional.of(
                "local DP budget exhausted: "
                        + localDp.releases()
                        + " releases spent epsilon "
                        + fmt(localDp.epsilonSpent())
                        + " and one more would spend "
                        + fmt(localDp.epsilonAfterNextRelease())
                        + " > budget "
                        + localDp.settings().epsilonBudget()
                        + " at delta "
                        + localDp.settings().delta());
    }

    @Override
    public CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update) {
        long round = update.work().round();
        Optional<float[]> released = localDp.release(update.delta());
        if (released.isEmpty()) {
            LOG.warn("{}: round {}: local DP budget exhausted, not sent", clientId, round);
            return UpdateStage.drop();
        }
        LOG.info(
                "{}: round {}: local DP release {}, epsilon spent {} at delta {}",
                clientId,
                round,
                localDp.releases(),
                fmt(localDp.epsilonSpent()),
                localDp.settings().delta());
        return UpdateStage.pass(update.withDelta(released.get()));
    }

    private static String fmt(double epsilon) {
        return String.format(Locale.ROOT, "%.4f", epsilon);
    }
}
