package io.fedstream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    static List<LinePlot.Point> curve(int rounds) {
        List<LinePlot.Point> points = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Saturating accuracy from 10% and a loss decaying from ln 10, like a real run.
            double acc = 0.1 + 0.76 * (1 - Math.exp(-r / 4.0));
            double loss = 0.38 + (Math.log(10) - 0.38) * Math.exp(-r / 3.0);
            points.add(new LinePlot.Point(r, acc, loss));
        }
        return points;
    }

    @Test
    void writesAPngOfTheRequestedSizeWithBothCurves(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plot.png");

        LinePlot.write(curve(25), "FedStream - mlp, 20 clients", png, 800, 600);

        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(1_000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(600);
        int background = LinePlot.BACKGROUND.getRGB();
        int accuracy = LinePlot.ACCURACY.getRGB();
        int loss = LinePlot.LOSS.getRGB();
        int nonBackground = 0;
        int accuracyPixels = 0;
        int lossPixels = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                nonBackground += rgb != background ? 1 : 0;
                accuracyPixels += rgb == accuracy ? 1 : 0;
                lossPixels += rgb == loss ? 1 : 0;
            }
        }
        assertThat(nonBackground).isGreaterThan(5_000);
        assertThat(accuracyPixels).as("pixels in the accuracy colour").isGreaterThan(300);
        assertThat(lossPixels).as("pixels in the loss colour").isGreaterThan(300);
        // Accuracy rises: its colour sits in the upper panel, loss in the lower one.
        assertThat(meanRow(image, accuracy)).isLessThan(600 / 2.0);
        assertThat(meanRow(image, loss)).isGreaterThan(600 / 2.0);
    }

    @Test
    void rendersASinglePointAndNonFiniteValuesWithoutFailing() {
        BufferedImage one =
                LinePlot.render(List.of(new LinePlot.Point(3, 0.5, 1.2)), "one", 400, 300);
        assertThat(one.getWidth()).isEqualTo(400);
        BufferedImage gaps =
                LinePlot.render(
                        List.of(
                                new LinePlot.Point(0, 0.1, Double.NaN),
                                new LinePlot.Point(1, 0.2, Double.POSITIVE_INFINITY),
                                new LinePlot.Point(2, 0.3, 1.0)),
                        "gaps",
                        400,
                        300);
        assertThat(gaps.getHeight()).isEqualTo(300);
        assertThat(LinePlot.render(List.of(), "empty", 400, 300)).isNotNull();
    }

    @Test
    void refusesATooSmallImage() {
        assertThatThrownBy(() -> LinePlot.render(curve(3), "t", 100, 100))
                .hasMessageContaining("100x100")
                .hasMessageContaining("300x240");
    }

    @Test
    void niceAxisUsesOneTwoFiveSteps() {
        // Heckbert's example shape: [0.1, 0.86] with ~5 ticks -> 0 .. 1 by 0.2.
        LinePlot.Axis a = LinePlot.niceAxis(0.1, 0.86, 5);
        assertThat(a.min()).isCloseTo(0.0, within(1e-12));
        assertThat(a.max()).isCloseTo(1.0, within(1e-12));
        assertThat(a.step()).isCloseTo(0.2, within(1e-12));
        assertThat(a.decimals()).isEqualTo(1);
        // [0, 37], 8 ticks: range nice(37) = 50, step nice(50 / 7 = 7.1, rounded) = 10.
        LinePlot.Axis b = LinePlot.niceAxis(0, 37, 8);
        assertThat(b.step()).isCloseTo(10.0, within(1e-12));
        assertThat(b.max()).isCloseTo(40.0, within(1e-12));
        assertThat(b.label(35)).isEqualTo("35");
    }

    private static double meanRow(BufferedImage image, int rgb) {
        long sum = 0;
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == rgb) {
                    sum += y;
                    n++;
                }
            }
        }
        return (double) sum / n;
    }
}
