package io.fedstream.edge.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One step between training and encoding in an {@link UpdatePipeline}: local DP, compression, or a
 * stage a simulation inserts. A stage does one thing to a {@link LocalUpdate} and hands on the
 * result.
 */
public interface UpdateStage {
    /** Short name for logs and failures ({@code "local-dp"}). */
    String name();

    /**
     * Why this stage would let no answer to {@code work} out, checked before training so that no
     * training is wasted; empty if it would let one out.
     */
    default Optional<String> refusal(RoundWork work) {
        return Optional.empty();
    }

    /**
     * This stage's version of {@code update}; empty drops the update (nothing is sent). Completes
     * at once, except for stages that wait on other clients: those complete later on another thread
     * and must never block the calling (training) thread while they wait.
     */
    CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update);

    /** A completed result handing {@code update} on. */
    static CompletableFuture<Optional<LocalUpdate>> pass(LocalUpdate update) {
        return CompletableFuture.completedFuture(Optional.of(update));
    }

    /** A completed result dropping the update. */
    static CompletableFuture<Optional<LocalUpdate>> drop() {
        return CompletableFuture.completedFuture(Optional.empty());
    }
}
