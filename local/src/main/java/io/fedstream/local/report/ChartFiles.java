package io.fedstream.local.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;

/**
 * What the three charts share: headless rendering, the title font, a width that fits the title, and
 * writing a chart as PNG.
 */
final class ChartFiles {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static final Color GRID = new Color(0xE3, 0xE3, 0xE3);

    /** Room beside the title text: the title's own insets plus a margin on both sides. */
    static final int TITLE_PADDING = 60;

    private ChartFiles() {}

    /**
     * Selects headless AWT unless the caller chose otherwise; it must run before the first AWT
     * class asks for a display, so every entry point of the package calls it first.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** A white chart of {@code plot} with a bold title and its legend at the bottom. */
    static JFreeChart withLegendBelow(String title, Plot plot) {
        JFreeChart chart = new JFreeChart(null, TITLE_FONT, plot, false);
        chart.setTitle(title(title));
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = new LegendTitle(plot);
        legend.setItemFont(TICK_FONT);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addLegend(legend);
        return chart;
    }

    /** A bold chart title in {@link #TITLE_FONT}. */
    static TextTitle title(String text) {
        TextTitle title = new TextTitle(text, TITLE_FONT);
        title.setMargin(10, 10, 6, 10);
        return title;
    }

    /** Axis title and tick label fonts. */
    static void style(Axis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setTickLabelFont(TICK_FONT);
    }

    /** White background, solid light grid lines, dark outline. */
    static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setOutlinePaint(Color.DARK_GRAY);
    }

    /** Width of {@code text} in {@code font}, measured on an off-screen image. */
    static int textWidth(String text, Font font) {
        headless();
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return (int) Math.ceil(g.getFontMetrics(font).getStringBounds(text, g).getWidth());
        } finally {
            g.dispose();
        }
    }

    /** {@code minimum}, widened so that the chart's title fits on one line. */
    static int widthFor(JFreeChart chart, int minimum) {
        TextTitle title = chart.getTitle();
        if (title == null || title.getText() == null) {
            return minimum;
        }
        return Math.max(minimum, textWidth(title.getText(), title.getFont()) + TITLE_PADDING);
    }

    /** Renders {@code chart} at {@code width} x {@code height} into {@code png}. */
    static void writePng(JFreeChart chart, int width, int height, Path png) {
        headless();
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }
}
