package io.fedstream.evaluator;

import static io.fedstream.evaluator.VersionGate.Decision.EVALUATE;
import static io.fedstream.evaluator.VersionGate.Decision.NOT_NEWER;
import static io.fedstream.evaluator.VersionGate.Decision.OTHER_MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionGateTest {

    @Test
    void evaluatesEachNewerVersionOfItsModelOnce() {
        VersionGate gate = new VersionGate("m", true);
        assertThat(gate.lastVersion()).isEqualTo(-1);
        assertThat(gate.offer("m", 0, false)).isEqualTo(EVALUATE);
        assertThat(gate.offer("m", 1, false)).isEqualTo(EVALUATE);
        assertThat(gate.offer("m", 1, false)).isEqualTo(NOT_NEWER);
        assertThat(gate.offer("m", 0, false)).isEqualTo(NOT_NEWER);
        assertThat(gate.offer("m", 5, false)).isEqualTo(EVALUATE);
        assertThat(gate.lastVersion()).isEqualTo(5);
        assertThat(gate.finished()).isFalse();
    }

    @Test
    void ignoresOtherModels() {
        VersionGate gate = new VersionGate("m", true);
        assertThat(gate.offer("other", 3, true)).isEqualTo(OTHER_MODEL);
        assertThat(gate.lastVersion()).isEqualTo(-1);
        assertThat(gate.finished()).isFalse();
    }

    @Test
    void finishesAfterHandingOutTheCompleteVersion() {
        VersionGate gate = new VersionGate("m", true);
        gate.offer("m", 1, false);
        assertThat(gate.offer("m", 2, true)).isEqualTo(EVALUATE);
        assertThat(gate.finished()).isTrue();
    }

    @Test
    void finishesWhenTheLastVersionIsRepublishedAsComplete() {
        VersionGate gate = new VersionGate("m", true);
        gate.offer("m", 4, false);
        assertThat(gate.offer("m", 4, true)).isEqualTo(NOT_NEWER);
        assertThat(gate.finished()).isTrue();
    }

    @Test
    void anOlderVersionMarkedCompleteDoesNotFinish() {
        VersionGate gate = new VersionGate("m", true);
        gate.offer("m", 4, false);
        assertThat(gate.offer("m", 3, true)).isEqualTo(NOT_NEWER);
        assertThat(gate.finished()).isFalse();
    }

    @Test
    void keepsGoingAfterCompleteWhenStoppingIsOff() {
        VersionGate gate = new VersionGate("m", false);
        assertThat(gate.offer("m", 2, true)).isEqualTo(EVALUATE);
        assertThat(gate.finished()).isFalse();
        assertThat(gate.offer("m", 3, false)).isEqualTo(EVALUATE);
    }
}
