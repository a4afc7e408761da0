package io.fedstream.local.report;

import static io.fedstream.local.report.TitleFit.assertTitleFits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlotTest {
    private static final List<SweepPlot.Series> TWO_VARIANTS =
            List.of(
                    new SweepPlot.Series(
                            "adaptive clip",
                            List.of(
                                    new SweepPlot.Point(8, 0.7962),
                                    new SweepPlot.Point(1, 0.7624),
                                    new SweepPlot.Point(2, 0.7822))),
                    new SweepPlot.Series(
                            "fixed clip",
                            List.of(new SweepPlot.Point(1, 0.70), new SweepPlot.Point(8, 0.79))));

    private static JFreeChart chart(Double reference) {
        return SweepPlot.chart(TWO_VARIANTS, reference, "non-private", "t", "epsilon");
    }

    @Test
    void holdsOneSeriesPerVariantWithItsPoints() {
        XYDataset d = chart(0.8018).getXYPlot().getDataset();
        assertThat(d.getSeriesCount()).isEqualTo(2);
        assertThat(d.getSeriesKey(0).toString()).isEqualTo("adaptive clip");
        assertThat(d.getSeriesKey(1).toString()).isEqualTo("fixed clip");
        List<double[]> first = new ArrayList<>();
        for (int i = 0; i < d.getItemCount(0); i++) {
            first.add(new double[] {d.getXValue(0, i), d.getYValue(0, i)});
        }
        assertThat(first)
                .containsExactly(
                        new double[] {1, 0.7624},
                        new double[] {2, 0.7822},
                        new double[] {8, 0.7962});
        assertThat(d.getItemCount(1)).isEqualTo(2);
        assertThat(d.getYValue(1, 0)).isEqualTo(0.70);
    }

    @Test
    void referenceIsARangeMarkerListedFirstInTheLegend() {
        XYPlot plot = chart(0.8018).getXYPlot();
        List<Double> markers = new ArrayList<>();
        for (Object m : plot.getRangeMarkers(Layer.BACKGROUND)) {
            markers.add(((ValueMarker) m).getValue());
        }
        assertThat(markers).containsExactly(0.8018);
        LegendItemCollection legend = plot.getLegendItems();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < legend.getItemCount(); i++) {
            labels.add(legend.get(i).getLabel());
        }
        assertThat(labels).containsExactly("non-private", "adaptive clip", "fixed clip");

        XYPlot without = chart(null).getXYPlot();
        Collection<?> none = without.getRangeMarkers(Layer.BACKGROUND);
        assertThat(none == null || none.isEmpty()).isTrue();
        assertThat(without.getLegendItems().getItemCount()).isEqualTo(2);
    }

    @Test
    void xAxisIsBaseTwoLogarithmicWithATickAtEverySweptValue() {
        List<SweepPlot.Series> odd =
                List.of(
                        new SweepPlot.Series(
                                "s",
                                List.of(
                                        new SweepPlot.Point(0.5, 0.6),
                                        new SweepPlot.Point(3, 0.7),
                                        new SweepPlot.Point(8, 0.8))));
        ValueAxis x = SweepPlot.chart(odd, null, "", "t", "epsilon").getXYPlot().getDomainAxis();
        assertThat(x).isInstanceOf(LogAxis.class);
        Rectangle2D area = new Rectangle2D.Double(0, 0, 800, 400);
        // Equal distance per doubling, wherever it starts.
        double oneDoubling =
                x.valueToJava2D(2, area, RectangleEdge.BOTTOM)
                        - x.valueToJava2D(1, area, RectangleEdge.BOTTOM);
        double anotherDoubling =
                x.valueToJava2D(6, area, RectangleEdge.BOTTOM)
                        - x.valueToJava2D(3, area, RectangleEdge.BOTTOM);
        assertThat(oneDoubling).isPositive();
        assertThat(anotherDoubling).isCloseTo(oneDoubling, within(1e-9));

        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        List<String> labels = new ArrayList<>();
        for (Object t : x.refreshTicks(g, new AxisState(), area, RectangleEdge.BOTTOM)) {
            labels.add(((Tick) t).getText());
        }
        g.dispose();
        assertThat(labels).containsExactly("0.5", "3", "8");
        // Half a doubling of room beyond the outer points.
        assertThat(x.getLowerBound()).isCloseTo(0.5 / Math.sqrt(2), within(1e-12));
        assertThat(x.getUpperBound()).isCloseTo(8 * Math.sqrt(2), within(1e-12));
    }

    @Test
    void accuracyAxisHugsTheDataAndTheReference() {
        ValueAxis y = chart(0.8018).getXYPlot().getRangeAxis();
        // Data 0.70-0.8018, pad max(0.01, 15% of the span 0.1018) = 0.01527.
        assertThat(y.getLowerBound()).isCloseTo(0.70 - 0.01527, within(1e-5));
        assertThat(y.getUpperBound()).isCloseTo(0.8018 + 0.01527, within(1e-5));
        assertThat(y.getLabel()).isEqualTo("final test accuracy");
    }

    @Test
    void writesAPngOfTheDocumentedSizeWhoseTitleFits(@TempDir Path dir) throws Exception {
        String title = "logreg, 1000 clients, q = 0.050, 30 rounds, delta 1e-05";
        Path png = dir.resolve("accuracy-vs-epsilon.png");
        SweepPlot.write(TWO_VARIANTS, 0.8018, "non-private", title, "epsilon", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(900);
        assertThat(img.getHeight()).isEqualTo(560);
        assertTitleFits(
                SweepPlot.chart(TWO_VARIANTS, 0.8018, "non-private", title, "epsilon"),
                title,
                img.getWidth());
    }

    @Test
    void rejectsNonPositiveXOnTheLogAxis() {
        assertThatThrownBy(
                        () ->
                                SweepPlot.chart(
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
