package io.fedstream.local.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The flood bench's chart: heap used after GC, checkpoint state size (total and per operator) and
 * registered clients over time, three stacked panels sharing the time axis, the flood shaded.
 */
public final class FloodPlot {
    private static final Color HEAP = new Color(0x1F, 0x77, 0xB4);
    private static final Color TOTAL = new Color(0x33, 0x33, 0x33);
    private static final Color COORDINATOR = new Color(0xD6, 0x27, 0x28);
    private static final Color GUARD = new Color(0x2C, 0xA0, 0x2C);
    private static final Color LIMITER = new Color(0x94, 0x67, 0xBD);
    private static final Color REGISTRY = new Color(0xFF, 0x7F, 0x0E);
    private static final Color FLOOD = new Color(0xFF, 0xE4, 0xC4);

    private FloodPlot() {}

    /** One sample: minutes since start and the plotted values (a negative checkpoint: none). */
    public record Point(
            double minutes,
            double heapMb,
            double checkpointMb,
            double coordinatorMb,
            double guardMb,
            double limiterMb,
            double registered) {}

    /**
     * Writes the chart to {@code png}, the flood from minute {@code floodFrom} to {@code floodTo}.
     */
    public static void write(
            List<Point> points, double floodFrom, double floodTo, String title, Path png) {
        JFreeChart chart = chart(points, floodFrom, floodTo, title);
        ChartFiles.writePng(chart, ChartFiles.widthFor(chart, LinePlot.DEFAULT_WIDTH), 820, png);
    }

    static JFreeChart chart(List<Point> points, double floodFrom, double floodTo, String title) {
        ChartFiles.headless();
        XYSeries heap = new XYSeries("heap used after GC (MB)");
        XYSeries total = new XYSeries("checkpoint, all operators (MB)");
        XYSeries coordinator = new XYSeries("round coordinator (MB)");
        XYSeries guard = new XYSeries("client guard (MB)");
        XYSeries limiter = new XYSeries("heartbeat limiter (MB)");
        XYSeries registered = new XYSeries("registered clients");
        for (Point p : points) {
            heap.add(p.minutes(), p.heapMb());
            if (p.checkpointMb() >= 0) {
                total.add(p.minutes(), p.checkpointMb());
                coordinator.add(p.minutes(), p.coordinatorMb());
                guard.add(p.minutes(), p.guardMb());
                limiter.add(p.minutes(), p.limiterMb());
            }
            registered.add(p.minutes(), p.registered());
        }
        NumberAxis time = new NumberAxis("minutes");
        time.setAutoRangeIncludesZero(true);
        ChartFiles.style(time);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(14);
        plot.add(panel("heap (MB)", floodFrom, floodTo, List.of(heap), List.of(HEAP)), 1);
        plot.add(
                panel(
                        "checkpoint (MB)",
                        floodFrom,
                        floodTo,
                        List.of(total, coordinator, guard, limiter),
                        List.of(TOTAL, COORDINATOR, GUARD, LIMITER)),
                1);
        plot.add(panel("registry", floodFrom, floodTo, List.of(registered), List.of(REGISTRY)), 1);

        return ChartFiles.withLegendBelow(title, plot);
    }

    private static XYPlot panel(
            String axis,
            double floodFrom,
            double floodTo,
            List<XYSeries> series,
            List<Color> colors) {
        NumberAxis y = new NumberAxis(axis);
        y.setAutoRangeIncludesZero(true);
        ChartFiles.style(y);
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < series.size(); i++) {
            data.addSeries(series.get(i));
            renderer.setSeriesPaint(i, colors.get(i));
            renderer.setSeriesStroke(
                    i, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        XYPlot plot = new XYPlot(data, null, y, renderer);
        ChartFiles.style(plot);
        if (floodTo > floodFrom) {
            IntervalMarker flood = new IntervalMarker(floodFrom, floodTo);
            flood.setPaint(FLOOD);
            plot.addDomainMarker(flood, Layer.BACKGROUND);
        }
        return plot;
    }
}
