package io.fedstream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlotTest {

    private static int countColor(BufferedImage img, java.awt.Color c) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void drawsSeriesAndReferenceLineIntoAPng(@TempDir Path dir) throws Exception {
        List<SweepPlot.Series> series =
                List.of(
                        new SweepPlot.Series(
                                "dp",
                                List.of(
                                        new SweepPlot.Point(1, 0.77),
                                        new SweepPlot.Point(2, 0.78),
                                        new SweepPlot.Point(8, 0.79))));
        Path png = dir.resolve("a.png");
        SweepPlot.write(series, 0.80, "non-private", "t", "epsilon", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(SweepPlot.WIDTH);
        assertThat(countColor(img, LinePlot.ACCURACY)).isGreaterThan(100);
        assertThat(countColor(img, SweepPlot.REFERENCE)).isGreaterThan(100);

        BufferedImage without = SweepPlot.render(series, null, "", "t", "epsilon");
        assertThat(countColor(without, SweepPlot.REFERENCE)).isZero();
    }

    @Test
    void rejectsNonPositiveXOnTheLogAxis() {
        assertThatThrownBy(
                        () ->
                                SweepPlot.render(
                                        List.of(
                                                new SweepPlot.Series(
                                                        "s", List.of(new SweepPlot.Point(0, 0.5)))),
                                        null,
                                        "",
                                        "t",
                                        "x"))
                .hasMessageContaining("x 0.0 of series 's'");
    }
}
