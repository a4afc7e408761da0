package io.fedstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.fedstream.avro.GlobalModel;
import io.fedstream.avro.ModelUpdate;
import io.fedstream.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundChecksTest {
    private static final ModelSpec SPEC = ModelSpec.parse("logreg:1-2"); // 1*2 + 2 = 4

    private static ModelUpdate update(String client, long round, long base, long n, float... d) {
        return TestRecords.update("m", SPEC, client, round, n, d).setBaseVersion(base).build();
    }

    private static GlobalModel model(long version, float... params) {
        return TestRecords.globalModel("m", SPEC, version, params, false);
    }

    @Test
    void fedAvgWeighsTheFirstUpdateOfEachClientOnTheRightBaseBySamples() {
        List<ModelUpdate> log =
                List.of(
                        update("c1", 1, 0, 1, 1, 0, 0, 0),
                        update("c2", 1, 0, 3, 0, 4, 0, 0),
                        update("c1", 1, 0, 100, 50, 50, 50, 50), // second from c1: not counted
                        update("c3", 2, 1, 5, 9, 9, 9, 9), // another round
                        update("c4", 1, 7, 5, 9, 9, 9, 9)); // built on another version
        RoundChecks.FedAvgRound r = RoundChecks.fedAvg(log, 1, model(0, 1, 2, 0, -1));
        // (1 * [1, 0, 0, 0] + 3 * [0, 4, 0, 0]) / 4 = [0.25, 3, 0, 0], added to [1, 2, 0, -1].
        assertThat(r.expected()).containsExactly(new double[] {1.25, 5, 0, -1}, within(1e-12));
        assertThat(r.updates()).isEqualTo(2);
        assertThat(r.samples()).isEqualTo(4);
        assertThat(r.maxError(model(1, 1.25f, 5.5f, 0, -1))).isCloseTo(0.5, within(1e-7));
    }

    @Test
    void aRoundWithoutUpdatesLeavesTheModelAsItWas() {
        RoundChecks.FedAvgRound r = RoundChecks.fedAvg(List.of(), 3, model(2, 1, 2, 3, 4));
        assertThat(r.expected()).containsExactly(1, 2, 3, 4);
        assertThat(r.updates()).isZero();
    }

    @Test
    void maxDifferenceIsTheLargestCoordinateGap() {
        assertThat(RoundChecks.maxDifference(model(0, 1, 2, 0, 0), model(0, 1.5f, -1, 0, 0)))
                .isEqualTo(3.0);
    }
}
