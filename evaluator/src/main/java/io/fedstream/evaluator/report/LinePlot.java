package io.fedstream.evaluator.report;

import io.fedstream.evaluator.EvaluationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws test accuracy and test loss by round as a PNG: two stacked panels sharing the round axis,
 * each with tick labels, an axis title and a legend, under a chart title. Pure java.awt, so it runs
 * headless (it sets {@code java.awt.headless=true} unless the caller chose otherwise).
 */
public final class LinePlot {
    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 640;

    static final Color BACKGROUND = Color.WHITE;
    static final Color ACCURACY = new Color(0x1F, 0x77, 0xB4);
    static final Color LOSS = new Color(0xD6, 0x27, 0x28);
    private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    private static final Color INK = new Color(0x22, 0x22, 0x22);

    private static final int LEFT = 84;
    private static final int RIGHT = 28;
    private static final int TOP = 52;
    private static final int BOTTOM = 56;
    private static final int GAP = 44;

    private LinePlot() {}

    /** One evaluated round. */
    public record Point(long round, double accuracy, double loss) {
        public static Point of(EvaluationResult result) {
            return new Point(result.round(), result.accuracy(), result.loss());
        }
    }

    /** Writes the chart, {@link #DEFAULT_WIDTH} x {@link #DEFAULT_HEIGHT}, to {@code png}. */
    public static void write(List<Point> points, String title, Path png) {
        write(points, title, png, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public static void write(List<Point> points, String title, Path png, int width, int height) {
        try {
            if (!ImageIO.write(render(points, title, width, height), "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** The chart as an image; points in any order, non-finite values are left out. */
    public static BufferedImage render(List<Point> points, String title, int width, int height) {
        if (width < 300 || height < 240) {
            throw new IllegalArgumentException(
                    "size " + width + "x" + height + " vs minimum 300x240");
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        List<Point> sorted =
                points.stream().sorted((a, b) -> Long.compare(a.round(), b.round())).toList();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);

            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.setColor(INK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (width - fm.stringWidth(title)) / 2, 30);

            Axis x = roundAxis(sorted);
            int plotW = width - LEFT - RIGHT;
            int panelH = (height - TOP - BOTTOM - GAP) / 2;
            Axis acc = valueAxis(sorted, Point::accuracy, true);
            Axis loss = valueAxis(sorted, Point::loss, false);
            panel(
                    g,
                    sorted,
                    Point::accuracy,
                    x,
                    acc,
                    LEFT,
                    TOP,
                    plotW,
                    panelH,
                    "accuracy",
                    "test accuracy",
                    ACCURACY);
            panel(
                    g,
                    sorted,
                    Point::loss,
                    x,
                    loss,
                    LEFT,
                    TOP + panelH + GAP,
                    plotW,
                    panelH,
                    "loss",
                    "test loss (cross-entropy)",
                    LOSS);

            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(INK);
            fm = g.getFontMetrics();
            g.drawString("round", LEFT + (plotW - fm.stringWidth("round")) / 2, height - 12);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(
            Graphics2D g,
            List<Point> points,
            ToDoubleFunction<Point> value,
            Axis x,
            Axis y,
            int left,
            int top,
            int w,
            int h,
            String axisTitle,
            String legend,
            Color color) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.setStroke(new BasicStroke(1f));
        for (double v = y.min(); v <= y.max() + y.step() / 2; v += y.step()) {
            int py = top + h - (int) Math.round((v - y.min()) / (y.max() - y.min()) * h);
            g.setColor(GRID);
            g.drawLine(left, py, left + w, py);
            g.setColor(INK);
            String label = y.label(v);
            g.drawString(label, left - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        for (double v = x.min(); v <= x.max() + x.step() / 2; v += x.step()) {
            int px = left + (int) Math.round((v - x.min()) / (x.max() - x.min()) * w);
            g.setColor(GRID);
            g.drawLine(px, top, px, top + h);
            g.setColor(INK);
            g.drawLine(px, top + h, px, top + h + 4);
            String label = x.label(v);
            g.drawString(label, px - fm.stringWidth(label) / 2, top + h + 6 + fm.getAscent());
        }
        g.setColor(INK);
        g.drawRect(left, top, w, h);

        AffineTransform saved = g.getTransform();
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.rotate(-Math.PI / 2);
        g.drawString(axisTitle, -(top + h / 2 + g.getFontMetrics().stringWidth(axisTitle) / 2), 20);
        g.setTransform(saved);

        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D line = new Path2D.Double();
        boolean drawing = false;
        boolean markers = points.size() <= 60;
        for (Point p : points) {
            double v = value.applyAsDouble(p);
            if (!Double.isFinite(v)) {
                drawing = false;
                continue;
            }
            double px = left + (p.round() - x.min()) / (x.max() - x.min()) * w;
            double py = top + h - (v - y.min()) / (y.max() - y.min()) * h;
            if (drawing) {
                line.lineTo(px, py);
            } else {
                line.moveTo(px, py);
                drawing = true;
            }
            if (markers) {
                g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
            }
        }
        g.draw(line);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        int boxW = 34 + fm.stringWidth(legend) + 10;
        int boxX = left + w - boxW - 8;
        int boxY = curveEndsHigh(points, value, y) ? top + h - 30 : top + 8;
        g.setColor(BACKGROUND);
        g.fillRect(boxX, boxY, boxW, 22);
        g.setColor(GRID.darker());
        g.setStroke(new BasicStroke(1f));
        g.drawRect(boxX, boxY, boxW, 22);
        g.setColor(color);
        g.setStroke(new BasicStroke(2.2f));
        g.drawLine(boxX + 8, boxY + 11, boxX + 28, boxY + 11);
        g.setColor(INK);
        g.drawString(legend, boxX + 34, boxY + 11 + fm.getAscent() / 2 - 1);
    }

    /**
     * Whether the last third of the curve lies in the upper half: the legend then goes below it.
     */
    private static boolean curveEndsHigh(
            List<Point> points, ToDoubleFunction<Point> value, Axis y) {
        double sum = 0;
        int n = 0;
        for (int i = points.size() * 2 / 3; i < points.size(); i++) {
            double v = value.applyAsDouble(points.get(i));
            if (Double.isFinite(v)) {
                sum += (v - y.min()) / (y.max() - y.min());
                n++;
            }
        }
        return n > 0 && sum / n > 0.5;
    }

    /** Tick range and step of one axis; {@code decimals} digits on tick labels. */
    record Axis(double min, double max, double step, int decimals) {
        String label(double v) {
            return String.format(
                    Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step / 1e6 ? 0.0 : v);
        }
    }

    private static Axis roundAxis(List<Point> points) {
        if (points.isEmpty()) {
            return new Axis(0, 1, 1, 0);
        }
        long lo = points.get(0).round();
        long hi = points.get(points.size() - 1).round();
        Axis a = niceAxis(lo, hi == lo ? lo + 1 : hi, 10);
        double step = Math.max(1, Math.round(a.step()));
        return new Axis(
                Math.floor(lo / step) * step,
                Math.max(Math.ceil(hi / step) * step, lo + step),
                step,
                0);
    }

    private static Axis valueAxis(
            List<Point> points, ToDoubleFunction<Point> value, boolean unitRange) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Point p : points) {
            double v = value.applyAsDouble(p);
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return niceAxis(0, 1, 6);
        }
        lo = Math.min(lo, 0); // both curves read best against zero
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        Axis a = niceAxis(lo, hi, 9);
        return unitRange && a.max() > 1 && hi <= 1
                ? new Axis(a.min(), 1, a.step(), a.decimals())
                : a;
    }

    /**
     * "Nice numbers for graph labels": P. S. Heckbert, Graphics Gems (1990), pp. 61-63. Ticks at 1,
     * 2 or 5 times a power of ten, bounds rounded outward to a tick.
     */
    static Axis niceAxis(double lo, double hi, int ticks) {
        double range = nice(hi - lo, false);
        double step = nice(range / (ticks - 1), true);
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(step)));
        return new Axis(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step, decimals);
    }

    private static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf;
        if (round) {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        }
        return nf * Math.pow(10, exp);
    }
}
