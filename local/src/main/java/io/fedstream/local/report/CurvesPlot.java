package io.fedstream.local.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Test accuracy by round of several runs in one panel (the learning bench's comparison of
 * optimizers), one coloured line per run, drawn with JFreeChart.
 */
public final class CurvesPlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    static final Color[] COLORS = {
        LinePlot.ACCURACY,
        LinePlot.LOSS,
        new Color(0x2C, 0xA0, 0x2C),
        new Color(0x94, 0x67, 0xBD),
        new Color(0xFF, 0x7F, 0x0E),
        new Color(0x8C, 0x56, 0x4B),
        new Color(0x17, 0xBE, 0xCF)
    };

    private CurvesPlot() {}

    /** One point of a curve: round and test accuracy in [0, 1]. */
    public record Point(int round, double accuracy) {}

    /** A named curve. */
    public record Curve(String name, List<Point> points) {}

    public static void write(List<Curve> curves, String title, Path png) {
        JFreeChart chart = chart(curves, title);
        ChartFiles.writePng(chart, ChartFiles.widthFor(chart, WIDTH), HEIGHT, png);
    }

    public static JFreeChart chart(List<Curve> curves, String title) {
        ChartFiles.headless();
        XYSeriesCollection data = new XYSeriesCollection();
        for (Curve c : curves) {
            XYSeries s = new XYSeries(c.name());
            c.points().forEach(p -> s.add(p.round(), 100 * p.accuracy()));
            data.addSeries(s);
        }
        NumberAxis rounds = new NumberAxis("round");
        rounds.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rounds.setAutoRangeIncludesZero(false);
        ChartFiles.style(rounds);
        NumberAxis accuracy = new NumberAxis("test accuracy (%)");
        accuracy.setAutoRangeIncludesZero(false);
        accuracy.setLowerBound(lowerBound(curves));
        accuracy.setUpperBound(100);
        ChartFiles.style(accuracy);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < curves.size(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, rounds, accuracy, renderer);
        ChartFiles.style(plot);
        return ChartFiles.withLegendBelow(title, plot);
    }

    /**
     * The accuracy axis starts at the lowest accuracy from round 3 on, rounded down to 10%, so the
     * first rounds' low values do not squeeze the range where runs differ.
     */
    static double lowerBound(List<Curve> curves) {
        double min = 100;
        for (Curve c : curves) {
            for (Point p : c.points()) {
                if (p.round() >= 3) {
                    min = Math.min(min, 100 * p.accuracy());
                }
            }
        }
        return Math.max(0, Math.min(90, 10 * Math.floor(min / 10)));
    }
}
