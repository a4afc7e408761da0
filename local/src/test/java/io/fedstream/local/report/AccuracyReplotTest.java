package io.fedstream.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fedstream.evaluator.report.MetricsCsv;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AccuracyReplotTest {
    @Test
    void redrawsAccuracyPngBesideTheCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(
                csv,
                List.of(
                        new MetricsCsv.Row(0, 0.13, 2.35, 0, 0, 0, 10, null, 0),
                        new MetricsCsv.Row(1, 0.68, 0.91, 10, 0, 20, 20, null, 6781)));
        int code =
                new CommandLine(new AccuracyReplot())
                        .execute("--csv", csv.toString(), "--title", "FedStream logreg, IID");
        assertThat(code).isZero();
        BufferedImage img = ImageIO.read(dir.resolve("accuracy.png").toFile());
        assertThat(img.getWidth()).isEqualTo(LinePlot.DEFAULT_WIDTH);
        assertThat(img.getHeight()).isEqualTo(LinePlot.DEFAULT_HEIGHT);
    }

    @Test
    void writesWherePngSays(@TempDir Path dir) {
        AccuracyReplot replot = new AccuracyReplot();
        new CommandLine(replot)
                .parseArgs("--csv", "runs/a/metrics.csv", "--title", "t", "--png", "x/b.png");
        assertThat(replot.target()).isEqualTo(Path.of("x/b.png"));
    }
}
