package io.fedstream.local.bench.learning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.evaluator.report.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
    @TempDir Path dir;

    /** round, accuracy, round_ms; the other MetricsCsv columns filled with placeholders. */
    private Path metrics(String... rows) throws Exception {
        StringBuilder b = new StringBuilder(MetricsCsv.HEADER).append('\n');
        for (String r : rows) {
            String[] f = r.split(" ");
            b.append(f[0]).append(',').append(f[1]).append(",0.5,10,0,100,100,,").append(f[2]);
            b.append('\n');
        }
        Path p = dir.resolve("metrics.csv");
        Files.writeString(p, b.toString());
        return p;
    }

    @Test
    void thresholdsFinalAndBestFromTheRoundsAfterTheInitialModel() throws Exception {
        LearningCurve c =
                LearningCurve.read(
                        metrics(
                                "0 0.90 0", // the initial model never counts
                                "1 0.70 2000",
                                "2 0.81 3000",
                                "3 0.79 2500",
                                "4 0.86 4000",
                                "5 0.84 1000"));
        assertThat(c.finalAccuracy()).isEqualTo(0.84);
        assertThat(c.bestAccuracy()).isEqualTo(0.86);
        assertThat(c.lastRound()).isEqualTo(5);
        assertThat(c.firstRoundReaching(0.80)).isEqualTo(2);
        assertThat(c.firstRoundReaching(0.85)).isEqualTo(4);
        assertThat(c.firstRoundReaching(0.90)).isNull();
        // 2.0 + 3.0 s to round 2; 2.0 + 3.0 + 2.5 + 4.0 s to round 4
        assertThat(c.secondsToReach(0.80)).isEqualTo(5.0);
        assertThat(c.secondsToReach(0.85)).isEqualTo(11.5);
        assertThat(c.secondsToReach(0.90)).isNull();
    }

    @Test
    void roundsWithoutAnAccuracyAreLeftOutAndAMissingFileIsEmpty() throws Exception {
        Files.writeString(
                dir.resolve("metrics.csv"),
                MetricsCsv.HEADER + "\n1,,,10,0,100,100,,2000\n2,0.5,1.0,10,0,100,100,,1000\n");
        LearningCurve c = LearningCurve.read(dir.resolve("metrics.csv"));
        assertThat(c.points()).extracting(LearningCurve.Point::round).containsExactly(2);
        // round 1 has no accuracy, but its 2 s count towards the time to reach round 2's 50%
        assertThat(c.secondsToReach(0.5)).isEqualTo(3.0);
        LearningCurve none = LearningCurve.read(dir.resolve("absent.csv"));
        assertThat(none.finalAccuracy()).isNull();
        assertThat(none.bestAccuracy()).isNull();
        assertThat(none.lastRound()).isZero();
    }

    @Test
    void roundsOutOfOrderAreRefused() throws Exception {
        Path p = metrics("2 0.5 1000", "1 0.6 1000");
        assertThatThrownBy(() -> LearningCurve.read(p))
                .hasMessageContaining("round 1 after round 2");
    }
}
