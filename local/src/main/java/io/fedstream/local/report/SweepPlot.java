package io.fedstream.local.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Accuracy against a swept parameter (e.g. the privacy budget ε) as a PNG, drawn with JFreeChart:
 * one series per variant on a log2 x axis with a tick at every swept value, plus an optional
 * horizontal dashed reference line (e.g. the non-private accuracy).
 */
public final class SweepPlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;
    static final String Y_TITLE = "final test accuracy";

    static final Color REFERENCE = new Color(0x4B, 0x4B, 0x8C);
    static final Color[] SERIES = {
        LinePlot.ACCURACY, LinePlot.LOSS, new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD)
    };

    private SweepPlot() {}

    /** One measured point: swept value x (> 0) and accuracy in [0, 1]. */
    public record Point(double x, double accuracy) {}

    /** A named curve. */
    public record Series(String name, List<Point> points) {}

    /**
     * Writes the chart to {@code png}, {@link #WIDTH} x {@link #HEIGHT} or wider if the title needs
     * it.
     *
     * @param reference accuracy of the reference line, or null for none
     * @param referenceName its legend entry
     */
    public static void write(
            List<Series> series,
            Double reference,
            String referenceName,
            String title,
            String xTitle,
            Path png) {
        JFreeChart chart = chart(series, reference, referenceName, title, xTitle);
        ChartFiles.writePng(chart, ChartFiles.widthFor(chart, WIDTH), HEIGHT, png);
    }

    /**
     * The chart: an {@link XYPlot} with one dataset series per {@code series} in order and, if
     * {@code reference} is set, a range marker at it.
     */
    public static JFreeChart chart(
            List<Series> series,
            Double reference,
            String referenceName,
            String title,
            String xTitle) {
        ChartFiles.headless();
        TreeSet<Double> xs = new TreeSet<>();
        double lo = reference == null ? Double.POSITIVE_INFINITY : reference;
        double hi = reference == null ? Double.NEGATIVE_INFINITY : reference;
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries xy = new XYSeries(s.name());
            for (Point p : s.points()) {
                if (!(p.x() > 0) || !Double.isFinite(p.x())) {
                    throw new IllegalArgumentException(
                            "x "
                                    + p.x()
                                    + " of series '"
                                    + s.name()
                                    + "' vs log axis: must be > 0");
                }
                xs.add(p.x());
                lo = Math.min(lo, p.accuracy());
                hi = Math.max(hi, p.accuracy());
                xy.add(p.x(), p.accuracy());
            }
            dataset.addSeries(xy);
        }
        if (xs.isEmpty()) {
            xs.add(1.0);
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        SweptValueAxis x = new SweptValueAxis(xTitle, List.copyOf(xs));
        ChartFiles.style(x);
        // Half a doubling of room on either side, as the points sit on the outermost ticks.
        x.setRange(xs.first() / Math.sqrt(2), xs.last() * Math.sqrt(2));

        // Accuracy differences of a point or two matter here, so the axis hugs the data.
        double pad = Math.max(0.01, (hi - lo) * 0.15);
        NumberAxis y = new NumberAxis(Y_TITLE);
        ChartFiles.style(y);
        y.setRange(Math.max(0, lo - pad), Math.min(1, hi + pad));
        y.setNumberFormatOverride(
                new DecimalFormat("0.#%", DecimalFormatSymbols.getInstance(Locale.ROOT)));

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
            renderer.setSeriesStroke(
                    i, new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        ChartFiles.style(plot);

        LegendItemCollection legend = new LegendItemCollection();
        if (reference != null) {
            ValueMarker marker = new ValueMarker(reference, REFERENCE, dash());
            plot.addRangeMarker(marker, Layer.BACKGROUND);
            LegendItem item =
                    new LegendItem(
                            referenceName,
                            null,
                            null,
                            null,
                            new Line2D.Double(-11, 0, 11, 0),
                            dash(),
                            REFERENCE);
            legend.add(item);
        }
        legend.addAll(renderer.getLegendItems());
        plot.setFixedLegendItems(legend);

        return ChartFiles.withLegendBelow(title, plot);
    }

    private static BasicStroke dash() {
        return new BasicStroke(
                1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
    }

    /**
     * A base-2 log axis whose ticks are the swept values themselves, labelled as plain decimals,
     * rather than the powers of the base that {@link LogAxis} would place.
     */
    static final class SweptValueAxis extends LogAxis {
        private static final long serialVersionUID = 1L;
        private final List<Double> values;

        SweptValueAxis(String label, List<Double> values) {
            super(label);
            setBase(2);
            this.values = new ArrayList<>(values);
        }

        List<Double> values() {
            return List.copyOf(values);
        }

        @Override
        public List<Tick> refreshTicks(
                Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
            boolean horizontal = RectangleEdge.isTopOrBottom(edge);
            List<Tick> ticks = new ArrayList<>();
            for (double v : values) {
                ticks.add(
                        new NumberTick(
                                TickType.MAJOR,
                                v,
                                label(v),
                                horizontal ? TextAnchor.TOP_CENTER : TextAnchor.CENTER_RIGHT,
                                TextAnchor.CENTER,
                                0.0));
            }
            return ticks;
        }

        static String label(double v) {
            return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        }
    }
}
