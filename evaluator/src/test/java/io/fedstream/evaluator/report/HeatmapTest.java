package io.fedstream.evaluator.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapTest {
    @Test
    void colourScaleRunsRedYellowGreen() {
        assertThat(Heatmap.colour(0.2, 0.2, 0.8)).isEqualTo(new Color(215, 48, 39));
        assertThat(Heatmap.colour(0.5, 0.2, 0.8)).isEqualTo(new Color(255, 255, 191));
        assertThat(Heatmap.colour(0.8, 0.2, 0.8)).isEqualTo(new Color(26, 152, 80));
        // a quarter of the way: halfway from red to yellow, (235, 151.5, 115) rounded half up.
        assertThat(Heatmap.colour(0.25, 0, 1)).isEqualTo(new Color(235, 152, 115));
        // clamped outside the range; the middle colour when every value is the same.
        assertThat(Heatmap.colour(0.0, 0.2, 0.8)).isEqualTo(new Color(215, 48, 39));
        assertThat(Heatmap.colour(0.7, 0.7, 0.7)).isEqualTo(new Color(255, 255, 191));
    }

    @Test
    void paintsEachCellWithItsValueColourAndMissingCellsGrey(@TempDir Path dir) throws Exception {
        Double[][] values = {{0.85, 0.40}, {null, 0.10}};
        Path png = dir.resolve("h.png");
        Heatmap.write(List.of("none", "sign-flip"), List.of("fedavg", "median"), values, "t", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(Heatmap.LEFT + 2 * Heatmap.CELL_W + Heatmap.MARGIN);
        // Sample each cell near its top-left corner, away from the text; lo 0.10, hi 0.85.
        assertThat(pixel(img, 0, 0)).isEqualTo(new Color(26, 152, 80));
        assertThat(pixel(img, 1, 1)).isEqualTo(new Color(215, 48, 39));
        assertThat(pixel(img, 1, 0)).isEqualTo(Heatmap.MISSING);
        assertThat(pixel(img, 0, 1)).isEqualTo(Heatmap.colour(0.40, 0.10, 0.85));
        assertThat(Files.size(png)).isPositive();
    }

    @Test
    void rejectsATableThatDoesNotMatchItsLabels() {
        assertThatThrownBy(
                        () ->
                                Heatmap.render(
                                        List.of("a"),
                                        List.of("x", "y"),
                                        new Double[][] {{1.0}},
                                        "t"))
                .hasMessageContaining("1 cells vs 2 columns");
    }

    private static Color pixel(BufferedImage img, int row, int col) {
        return new Color(
                img.getRGB(
                        Heatmap.LEFT + col * Heatmap.CELL_W + 4,
                        Heatmap.TOP + row * Heatmap.CELL_H + 4));
    }
}
