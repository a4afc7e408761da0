package io.fedstream.local.report;

import io.fedstream.evaluator.report.MetricsCsv;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Test accuracy and test loss by round as a PNG (the demo's {@code accuracy.png}): two stacked
 * panels sharing the round axis, under a chart title, drawn with JFreeChart.
 */
public final class LinePlot {
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 640;

    static final Color ACCURACY = new Color(0x1F, 0x77, 0xB4);
    static final Color LOSS = new Color(0xD6, 0x27, 0x28);
    static final String ACCURACY_SERIES = "test accuracy";
    static final String LOSS_SERIES = "test loss (cross-entropy)";

    /** Above this many rounds the points are drawn as a line without markers. */
    private static final int MAX_MARKED_POINTS = 60;

    private LinePlot() {}

    /** One evaluated round; a non-finite value leaves a gap in its curve. */
    public record Point(long round, double accuracy, double loss) {}

    /** Writes the chart, {@link #DEFAULT_WIDTH} x {@link #DEFAULT_HEIGHT}, to {@code png}. */
    public static void write(List<Point> points, String title, Path png) {
        write(points, title, png, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /** Writes the chart to {@code png}, widened if the title needs it. */
    public static void write(List<Point> points, String title, Path png, int width, int height) {
        JFreeChart chart = chart(points, title);
        ChartFiles.writePng(chart, ChartFiles.widthFor(chart, width), height, png);
    }

    /**
     * The chart: a {@link CombinedDomainXYPlot} whose first subplot holds the accuracy series and
     * whose second holds the loss series, points in any order.
     */
    public static JFreeChart chart(List<Point> points, String title) {
        ChartFiles.headless();
        XYSeries accuracy = new XYSeries(ACCURACY_SERIES);
        XYSeries loss = new XYSeries(LOSS_SERIES);
        for (Point p : points) {
            accuracy.add(Double.valueOf(p.round()), finiteOrNull(p.accuracy()));
            loss.add(Double.valueOf(p.round()), finiteOrNull(p.loss()));
        }
        NumberAxis rounds = new NumberAxis("round");
        rounds.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        rounds.setAutoRangeIncludesZero(false);
        rounds.setLowerMargin(0.02);
        rounds.setUpperMargin(0.02);
        ChartFiles.style(rounds);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(rounds);
        plot.setGap(16);
        boolean markers = points.size() <= MAX_MARKED_POINTS;
        plot.add(panel(accuracy, "accuracy", ACCURACY, markers), 1);
        plot.add(panel(loss, "loss", LOSS, markers), 1);

        return ChartFiles.withLegendBelow(title, plot);
    }

    /**
     * The evaluated rounds of a {@code metrics.csv} as {@link MetricsCsv} writes it, columns found
     * by their header names; rounds without an accuracy (not evaluated yet) are left out.
     */
    public static List<Point> read(Path metricsCsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(
                    metricsCsv + " is empty vs header " + MetricsCsv.HEADER);
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int round = column(header, "round", metricsCsv);
        int acc = column(header, "accuracy", metricsCsv);
        int loss = column(header, "loss", metricsCsv);
        List<Point> points = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(
                        "line '" + line + "' has " + f.length + " fields vs " + header.size());
            }
            if (!f[acc].isEmpty()) {
                points.add(
                        new Point(
                                Long.parseLong(f[round]),
                                Double.parseDouble(f[acc]),
                                f[loss].isEmpty() ? Double.NaN : Double.parseDouble(f[loss])));
            }
        }
        return points;
    }

    private static int column(List<String> header, String name, Path csv) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(
                    csv + " has no column '" + name + "': header " + String.join(",", header));
        }
        return i;
    }

    private static XYPlot panel(XYSeries series, String axisTitle, Color color, boolean markers) {
        NumberAxis y = new NumberAxis(axisTitle);
        y.setAutoRangeIncludesZero(true); // both curves read best against zero
        ChartFiles.style(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, markers);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(
                0, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        renderer.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, y, renderer);
        ChartFiles.style(plot);
        return plot;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
