package io.fedstream.local.report;

import static io.fedstream.local.report.TitleFit.assertTitleFits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fedstream.evaluator.report.MetricsCsv;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    /** (x, y) of every item of series 0, in dataset order; a missing y as NaN. */
    private static List<double[]> items(XYPlot panel) {
        XYDataset d = panel.getDataset();
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < d.getItemCount(0); i++) {
            out.add(new double[] {d.getXValue(0, i), d.getYValue(0, i)});
        }
        return out;
    }

    private static List<XYPlot> panels(JFreeChart chart) {
        return ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots();
    }

    @Test
    void upperPanelHoldsAccuracyAndLowerPanelLossByRound() {
        // Given out of order: the chart sorts by round.
        List<LinePlot.Point> points =
                List.of(
                        new LinePlot.Point(2, 0.71, 0.84),
                        new LinePlot.Point(0, 0.13, 2.35),
                        new LinePlot.Point(1, 0.68, 0.91));
        JFreeChart chart = LinePlot.chart(points, "t");
        List<XYPlot> panels = panels(chart);
        assertThat(panels).hasSize(2);
        assertThat(panels.get(0).getDataset().getSeriesKey(0).toString())
                .isEqualTo("test accuracy");
        assertThat(items(panels.get(0)))
                .containsExactly(
                        new double[] {0, 0.13}, new double[] {1, 0.68}, new double[] {2, 0.71});
        assertThat(panels.get(1).getDataset().getSeriesKey(0).toString())
                .isEqualTo("test loss (cross-entropy)");
        assertThat(items(panels.get(1)))
                .containsExactly(
                        new double[] {0, 2.35}, new double[] {1, 0.91}, new double[] {2, 0.84});
        assertThat(chart.getXYPlot().getDomainAxis().getLabel()).isEqualTo("round");
        assertThat(panels.get(0).getRangeAxis().getLabel()).isEqualTo("accuracy");
        assertThat(panels.get(1).getRangeAxis().getLabel()).isEqualTo("loss");
    }

    @Test
    void aNonFiniteValueIsAGapNotAPoint() {
        JFreeChart chart =
                LinePlot.chart(
                        List.of(
                                new LinePlot.Point(0, 0.1, Double.POSITIVE_INFINITY),
                                new LinePlot.Point(1, 0.5, 1.0)),
                        "t");
        XYDataset loss = panels(chart).get(1).getDataset();
        assertThat(loss.getY(0, 0)).isNull();
        assertThat(loss.getYValue(0, 1)).isEqualTo(1.0);
    }

    @Test
    void writesAPngOfTheDefaultSize(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("accuracy.png");
        LinePlot.write(List.of(new LinePlot.Point(0, 0.1, 2.3)), "short", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(640);
    }

    @Test
    void widensTheImageUntilALongTitleFitsOnOneLine(@TempDir Path dir) throws Exception {
        String title = "FedStream mlp:784-128-10, Dir(0.5), 100 clients, 10/round, ".repeat(3);
        Path png = dir.resolve("accuracy.png");
        LinePlot.write(List.of(new LinePlot.Point(0, 0.1, 2.3)), title, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(900);
        assertTitleFits(LinePlot.chart(List.of(), title), title, img.getWidth());
    }

    @Test
    void theDemoTitleFitsTheDefaultWidth() {
        String title = "FedStream mlp:784-128-10, Dir(0.5), 1000 clients, 100/round";
        assertTitleFits(LinePlot.chart(List.of(), title), title, LinePlot.DEFAULT_WIDTH);
    }

    @Test
    void readsTheEvaluatedRoundsOfAMetricsCsv(@TempDir Path dir) {
        Path csv = dir.resolve("metrics.csv");
        MetricsCsv.write(
                csv,
                List.of(
                        new MetricsCsv.Row(0, 0.1278, 2.353362, 0, 0, 0, 10, null, 0),
                        new MetricsCsv.Row(1, 0.6824, 0.914881, 10, 0, 20, 20, 0.5, 6781),
                        new MetricsCsv.Row(2, null, null, 10, 0, 20, 20, 0.9, 4387)));
        assertThat(LinePlot.read(csv))
                .containsExactly(
                        new LinePlot.Point(0, 0.1278, 2.353362),
                        new LinePlot.Point(1, 0.6824, 0.914881));
    }

    @Test
    void readNamesTheMissingColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, "round,loss\n0,2.3\n");
        assertThatThrownBy(() -> LinePlot.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'accuracy'")
                .hasMessageContaining("header round,loss");
    }
}
