package io.fedstream.job.operators;

import io.fedstream.job.round.RoundBook;
import io.fedstream.job.round.RoundLifecycle;
import io.fedstream.job.types.HeldUpdate;
import io.fedstream.job.types.ShardWork;
import io.fedstream.job.types.ValidatedUpdate;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.util.Collector;

/**
 * Where the round coordinator's admitted updates go: bounded ({@link RoundLifecycle#bound}) and
 * sent to the shards at once, or, while the bounds warm up (the first updates of a job, {@link
 * RoundLifecycle#holdsBack}), held back in keyed state ("held-back") and sent, bounded by the
 * window then known, before the next update or the round's close marker.
 */
final class AdmittedUpdates {
    private final ListState<HeldUpdate> heldBack;
    private final RoundLifecycle lifecycle;
    private final ShardFanOut fanOut;

    private AdmittedUpdates(
            ListState<HeldUpdate> heldBack, RoundLifecycle lifecycle, ShardFanOut fanOut) {
        this.heldBack = heldBack;
        this.lifecycle = lifecycle;
        this.fanOut = fanOut;
    }

    static AdmittedUpdates in(RuntimeContext context, RoundLifecycle lifecycle, ShardFanOut out) {
        return new AdmittedUpdates(
                context.getListState(new ListStateDescriptor<>("held-back", HeldUpdate.class)),
                lifecycle,
                out);
    }

    /** Sends the just admitted {@code u}, bounded, or holds it back. */
    void route(RoundBook book, ValidatedUpdate u, Collector<ShardWork> out) throws Exception {
        if (lifecycle.holdsBack(book)) {
            heldBack.add(new HeldUpdate(u));
        } else {
            flush(book, out);
            send(book, u.round, u.numSamples, u.indices, u.values, out);
        }
    }

    /** Sends the updates held back while the bounds warmed up, bounded by the current window. */
    void flush(RoundBook book, Collector<ShardWork> out) throws Exception {
        Iterable<HeldUpdate> held = heldBack.get();
        if (held == null || !held.iterator().hasNext()) {
            return;
        }
        for (HeldUpdate h : held) {
            send(book, h.round, h.numSamples, h.indices, h.values, out);
        }
        heldBack.clear();
    }

    private void send(
            RoundBook book,
            long round,
            long numSamples,
            int[] indices,
            float[] values,
            Collector<ShardWork> out) {
        fanOut.slices(round, lifecycle.bound(book, values, numSamples), indices, values, out);
    }
}
