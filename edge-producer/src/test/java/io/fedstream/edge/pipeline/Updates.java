package io.fedstream.edge.pipeline;

import io.fedstream.model.ModelSpec;
import java.util.List;

/** Round work and updates for stage tests. */
final class Updates {
    static final ModelSpec SPEC = ModelSpec.parse("mlp:3-2-2");

    private Updates() {}

    /** Round {@code round} from version {@code round - 1} of {@link #SPEC}, zero parameters. */
    static RoundWork work(long round) {
        return new RoundWork(
                round,
                round - 1,
                SPEC,
                new float[SPEC.numParameters()],
                1,
                0.1,
                4,
                0,
                List.of("client-0001"));
    }

    /** An update of {@link #work(long) round}'s shape: delta[i] = i / 4 - 1. */
    static LocalUpdate update(long round) {
        float[] delta = new float[SPEC.numParameters()];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = i * 0.25f - 1f;
        }
        return new LocalUpdate(work(round), delta, 123, 0.75, 45, null, null);
    }
}
