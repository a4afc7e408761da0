package io.fedstream.edge.pipeline;

import io.fedstream.edge.Seeds;
import io.fedstream.edge.compress.Compressor;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Encodes exactly the delta that is sent with the client's {@link Compressor} (dense, q8, top-k or
 * top-k + q8), whose error-feedback residual (kept in memory or in a {@link
 * io.fedstream.edge.compress.ResidualStore}) absorbs what this round leaves out. The stochastic
 * rounding of round {@code r} draws from {@code Seeds.derive(Seeds.derive(seed, r), 1)}, apart from
 * training's stream {@code Seeds.derive(seed, r)}.
 *
 * <p>Not thread-safe, like the compressor: one per client.
 */
public final class CompressStage implements UpdateStage {
    private final Compressor compressor;
    private final long seed;

    /**
     * @param seed the client's seed
     */
    public CompressStage(Compressor compressor, long seed) {
        this.compressor = compressor;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "compress";
    }

    @Override
    public CompletableFuture<Optional<LocalUpdate>> apply(LocalUpdate update) {
        RoundWork work = update.work();
        Compressor.Result compressed =
                compressor.compress(
                        update.delta(),
                        work.baseVersion(),
                        work.spec().shapes(),
                        new SplittableRandom(Seeds.derive(Seeds.derive(seed, work.round()), 1)));
        return UpdateStage.pass(update.withWire(compressed.tensor()));
    }
}
