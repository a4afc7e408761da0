package io.fedstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PrivacyBenchReplotTest {
    private static final List<PrivacyBench.SweepRow> ROWS =
            List.of(
                    new PrivacyBench.SweepRow(
                            "nonprivate", null, null, null, 0.8018, 0.8018, 30, true),
                    new PrivacyBench.SweepRow("eps1", 1.0, 1.628, 1.0, 0.7624, 0.7632, 30, true));

    @Test
    void readsBackTheRowsItWrites(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("privacy.csv");
        PrivacyBench.SweepRow.write(csv, ROWS);
        assertThat(PrivacyBench.SweepRow.read(csv)).containsExactlyElementsOf(ROWS);
    }

    @Test
    void readNamesTheExpectedHeader(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("privacy.csv");
        Files.writeString(csv, "run,eps\n");
        assertThatThrownBy(() -> PrivacyBench.SweepRow.read(csv))
                .hasMessageContaining("'run,eps' vs header '" + PrivacyBench.SweepRow.HEADER);
    }

    @Test
    void replotRedrawsThePngFromTheCsvWithoutARun(@TempDir Path dir) throws Exception {
        PrivacyBench.SweepRow.write(dir.resolve("privacy.csv"), ROWS);
        int code = new CommandLine(new PrivacyBench()).execute("--replot", "--out", dir.toString());
        assertThat(code).isZero();
        assertThat(ImageIO.read(dir.resolve(PrivacyBench.PNG).toFile()).getWidth()).isEqualTo(900);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("privacy.csv", PrivacyBench.PNG);
        }
    }
}
