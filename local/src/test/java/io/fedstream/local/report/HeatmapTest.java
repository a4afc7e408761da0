package io.fedstream.local.report;

import static io.fedstream.local.report.TitleFit.assertTitleFits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapTest {
    private static final List<String> ROWS = List.of("none", "sign-flip");
    private static final List<String> COLS = List.of("fedavg", "median");
    // lo 0.10, hi 0.85 among the present values.
    private static final Double[][] VALUES = {{0.85, 0.40}, {null, 0.10}};

    // The scale's definition: red at the lowest value, yellow in the middle, green at the highest.
    private static final Color RED = new Color(215, 48, 39);
    private static final Color YELLOW = new Color(255, 255, 191);
    private static final Color GREEN = new Color(26, 152, 80);
    private static final Color GREY = new Color(0xDD, 0xDD, 0xDD);

    @Test
    void colourScaleRunsRedYellowGreen() {
        assertThat(Heatmap.colour(0.2, 0.2, 0.8)).isEqualTo(RED);
        assertThat(Heatmap.colour(0.5, 0.2, 0.8)).isEqualTo(YELLOW);
        assertThat(Heatmap.colour(0.8, 0.2, 0.8)).isEqualTo(GREEN);
        // a quarter of the way: halfway from red to yellow, (235, 151.5, 115) rounded half up.
        assertThat(Heatmap.colour(0.25, 0, 1)).isEqualTo(new Color(235, 152, 115));
        // clamped outside the range; the middle colour when every value is the same.
        assertThat(Heatmap.colour(0.0, 0.2, 0.8)).isEqualTo(RED);
        assertThat(Heatmap.colour(0.7, 0.7, 0.7)).isEqualTo(YELLOW);
    }

    @Test
    void datasetHoldsEveryCellAtItsColumnAndRow() {
        XYZDataset d = (XYZDataset) Heatmap.chart(ROWS, COLS, VALUES, "t").getXYPlot().getDataset();
        assertThat(d.getSeriesCount()).isEqualTo(1);
        assertThat(d.getItemCount(0)).isEqualTo(4);
        for (int i = 0; i < 4; i++) {
            int c = (int) d.getXValue(0, i);
            int r = (int) d.getYValue(0, i);
            Double expected = VALUES[r][c];
            if (expected == null) {
                assertThat(d.getZValue(0, i)).isNaN();
            } else {
                assertThat(d.getZValue(0, i)).isEqualTo(expected);
            }
        }
    }

    @Test
    void paintsEachCellInItsValueColourOnThePng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("robustness.png");
        Heatmap.write(ROWS, COLS, VALUES, "t", png);
        BufferedImage img = ImageIO.read(png.toFile());
        JFreeChart chart = Heatmap.chart(ROWS, COLS, VALUES, "t");
        Dimension size = Heatmap.size(chart);
        assertThat(img.getWidth()).isEqualTo(size.width);
        assertThat(img.getHeight()).isEqualTo(size.height);

        // Where the plot's data area lands at that size (the layout is deterministic).
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(size.width, size.height, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();

        // 0.40 is 0.4 of the way from 0.10 to 0.85: 0.8 of the way from red to yellow,
        // (215 + 0.8 * 40, 48 + 0.8 * 207, 39 + 0.8 * 152) = (247, 213.6, 160.6).
        assertThat(pixel(img, plot, area, 0, 0)).isEqualTo(GREEN);
        assertThat(pixel(img, plot, area, 0, 1)).isEqualTo(new Color(247, 214, 161));
        assertThat(pixel(img, plot, area, 1, 0)).isEqualTo(GREY);
        assertThat(pixel(img, plot, area, 1, 1)).isEqualTo(RED);
        // The first row and column are the top-left cell, the last ones the bottom-right.
        int inset = 6;
        assertThat(
                        new Color(
                                img.getRGB(
                                        (int) area.getMinX() + inset,
                                        (int) area.getMinY() + inset)))
                .isEqualTo(GREEN);
        assertThat(
                        new Color(
                                img.getRGB(
                                        (int) area.getMaxX() - inset,
                                        (int) area.getMaxY() - inset)))
                .isEqualTo(RED);
    }

    @Test
    void writesEachValueInPercentInsideItsCell(@TempDir Path dir) throws Exception {
        JFreeChart chart = Heatmap.chart(ROWS, COLS, VALUES, "t");
        XYPlot plot = chart.getXYPlot();
        XYBlockRenderer renderer = (XYBlockRenderer) plot.getRenderer();
        XYZDataset d = (XYZDataset) plot.getDataset();
        assertThat(renderer.isItemLabelVisible(0, 0)).isTrue();
        for (int i = 0; i < d.getItemCount(0); i++) {
            Double v = VALUES[(int) d.getYValue(0, i)][(int) d.getXValue(0, i)];
            String expected = v == null ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
            assertThat(renderer.getItemLabelGenerator(0, i).generateLabel(d, 0, i))
                    .isEqualTo(expected);
        }

        // And the text is drawn: dark pixels in the middle of each cell.
        Path png = dir.resolve("h.png");
        Heatmap.write(ROWS, COLS, VALUES, "t", png);
        BufferedImage img = ImageIO.read(png.toFile());
        Dimension size = Heatmap.size(chart);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(size.width, size.height, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                assertThat(darkPixels(img, plot, area, r, c, 0.2)).isPositive();
            }
        }
    }

    @Test
    void colourBarRunsFromTheLowestToTheHighestValue() {
        JFreeChart chart = Heatmap.chart(ROWS, COLS, VALUES, "t");
        PaintScaleLegend bar = (PaintScaleLegend) chart.getSubtitle(0);
        assertThat(bar.getScale().getLowerBound()).isEqualTo(0.10);
        assertThat(bar.getScale().getUpperBound()).isEqualTo(0.85);
        assertThat(bar.getScale().getPaint(0.85)).isEqualTo(GREEN);
        assertThat(bar.getScale().getPaint(Double.NaN)).isEqualTo(GREY);
        assertThat(bar.getAxis().getRange().getLength()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aSingleValueIsPaintedInTheMiddleColour(@TempDir Path dir) throws Exception {
        Double[][] one = {{0.85}};
        Path png = dir.resolve("one.png");
        Heatmap.write(List.of("none"), List.of("fedavg"), one, "t", png);
        BufferedImage img = ImageIO.read(png.toFile());
        JFreeChart chart = Heatmap.chart(List.of("none"), List.of("fedavg"), one, "t");
        Dimension size = Heatmap.size(chart);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(size.width, size.height, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        assertThat(pixel(img, chart.getXYPlot(), area, 0, 0)).isEqualTo(YELLOW);
        PaintScaleLegend bar = (PaintScaleLegend) chart.getSubtitle(0);
        assertThat(bar.getScale().getPaint(0.85)).isEqualTo(YELLOW);
    }

    @Test
    void aLongTitleOverAFewCellsWidensTheImage() {
        String title =
                "Final accuracy: mlp, 100 clients, 10/round, alpha 0.5, 30 rounds, 20% Byzantine";
        JFreeChart chart = Heatmap.chart(ROWS, COLS, VALUES, title);
        int width = Heatmap.size(chart).width;
        assertTitleFits(chart, title, width);
        assertThat(width).isGreaterThan(Heatmap.size(Heatmap.chart(ROWS, COLS, VALUES, "t")).width);
    }

    @Test
    void rejectsATableThatDoesNotMatchItsLabels() {
        assertThatThrownBy(
                        () ->
                                Heatmap.chart(
                                        List.of("a"),
                                        List.of("x", "y"),
                                        new Double[][] {{1.0}},
                                        "t"))
                .hasMessageContaining("1 cells vs 2 columns");
    }

    /** The pixel a third of a cell in from its top-left corner, away from the centred text. */
    private static Color pixel(BufferedImage img, XYPlot plot, Rectangle2D area, int r, int c) {
        return at(img, plot, area, c - 0.3, r - 0.3);
    }

    private static Color at(BufferedImage img, XYPlot plot, Rectangle2D area, double x, double y) {
        int px = (int) plot.getDomainAxis().valueToJava2D(x, area, plot.getDomainAxisEdge());
        int py = (int) plot.getRangeAxis().valueToJava2D(y, area, plot.getRangeAxisEdge());
        return new Color(img.getRGB(px, py));
    }

    /** Pixels with r + g + b below 200 within {@code half} a cell of the cell's centre. */
    private static int darkPixels(
            BufferedImage img, XYPlot plot, Rectangle2D area, int r, int c, double half) {
        int x0 = (int) plot.getDomainAxis().valueToJava2D(c - half, area, plot.getDomainAxisEdge());
        int x1 = (int) plot.getDomainAxis().valueToJava2D(c + half, area, plot.getDomainAxisEdge());
        int y0 = (int) plot.getRangeAxis().valueToJava2D(r - half, area, plot.getRangeAxisEdge());
        int y1 = (int) plot.getRangeAxis().valueToJava2D(r + half, area, plot.getRangeAxisEdge());
        int n = 0;
        for (int y = Math.min(y0, y1); y <= Math.max(y0, y1); y++) {
            for (int x = Math.min(x0, x1); x <= Math.max(x0, x1); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (p.getRed() + p.getGreen() + p.getBlue() < 200) {
                    n++;
                }
            }
        }
        return n;
    }
}
