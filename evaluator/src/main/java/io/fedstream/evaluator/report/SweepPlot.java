package io.fedstream.evaluator.report;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Draws accuracy against a swept parameter (e.g. the privacy budget ε) as a PNG: one or more series
 * of points on a log2 x axis with a tick at every swept value, plus an optional horizontal dashed
 * reference line (e.g. the non-private accuracy). Pure java.awt, headless like {@link LinePlot},
 * whose tick rule it reuses.
 */
public final class SweepPlot {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    static final Color REFERENCE = new Color(0x4B, 0x4B, 0x8C);
    private static final Color[] SERIES = {
        LinePlot.ACCURACY, LinePlot.LOSS, new Color(0x2C, 0xA0, 0x2C), new Color(0x94, 0x67, 0xBD)
    };
    private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
    private static final Color INK = new Color(0x22, 0x22, 0x22);
    private static final int LEFT = 84;
    private static final int RIGHT = 28;
    private static final int TOP = 52;
    private static final int BOTTOM = 60;

    private SweepPlot() {}

    /** One measured point: swept value x (> 0) and accuracy in [0, 1]. */
    public record Point(double x, double accuracy) {}

    /** A named curve. */
    public record Series(String name, List<Point> points) {}

    /**
     * Writes the chart to {@code png}.
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
        try {
            BufferedImage image = render(series, reference, referenceName, title, xTitle);
            if (!ImageIO.write(image, "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** The chart as an image, {@link #WIDTH} x {@link #HEIGHT}. */
    public static BufferedImage render(
            List<Series> series,
            Double reference,
            String referenceName,
            String title,
            String xTitle) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        TreeSet<Double> xs = new TreeSet<>();
        double lo = reference == null ? Double.POSITIVE_INFINITY : reference;
        double hi = reference == null ? Double.NEGATIVE_INFINITY : reference;
        for (Series s : series) {
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
            }
        }
        if (xs.isEmpty()) {
            xs.add(1.0);
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        // Accuracy differences of a point or two matter here, so the axis hugs the data.
        double pad = Math.max(0.01, (hi - lo) * 0.15);
        LinePlot.Axis y = LinePlot.niceAxis(Math.max(0, lo - pad), Math.min(1, hi + pad), 8);
        double xMin = Math.log(xs.first()) / Math.log(2) - 0.5;
        double xMax = Math.log(xs.last()) / Math.log(2) + 0.5;

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(LinePlot.BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.setColor(INK);
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 30);

            int w = WIDTH - LEFT - RIGHT;
            int h = HEIGHT - TOP - BOTTOM;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            fm = g.getFontMetrics();
            for (double v = y.min(); v <= y.max() + y.step() / 2; v += y.step()) {
                int py = TOP + h - (int) Math.round((v - y.min()) / (y.max() - y.min()) * h);
                g.setColor(GRID);
                g.drawLine(LEFT, py, LEFT + w, py);
                g.setColor(INK);
                String label = String.format(Locale.ROOT, "%.0f%%", 100 * v);
                g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
            }
            for (double x : xs) {
                int px = LEFT + (int) Math.round((log2(x) - xMin) / (xMax - xMin) * w);
                g.setColor(GRID);
                g.drawLine(px, TOP, px, TOP + h);
                g.setColor(INK);
                g.drawLine(px, TOP + h, px, TOP + h + 4);
                String label = new java.math.BigDecimal(x).stripTrailingZeros().toPlainString();
                g.drawString(label, px - fm.stringWidth(label) / 2, TOP + h + 6 + fm.getAscent());
            }
            g.setColor(INK);
            g.drawRect(LEFT, TOP, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            fm = g.getFontMetrics();
            g.drawString(xTitle, LEFT + (w - fm.stringWidth(xTitle)) / 2, HEIGHT - 14);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            String yTitle = "final test accuracy";
            g.drawString(yTitle, -(TOP + h / 2 + fm.stringWidth(yTitle) / 2), 20);
            g.setTransform(saved);

            List<String> names = new ArrayList<>();
            List<Color> colors = new ArrayList<>();
            List<Boolean> dashed = new ArrayList<>();
            if (reference != null) {
                int py =
                        TOP + h - (int) Math.round((reference - y.min()) / (y.max() - y.min()) * h);
                g.setColor(REFERENCE);
                g.setStroke(dash());
                g.drawLine(LEFT, py, LEFT + w, py);
                names.add(referenceName);
                colors.add(REFERENCE);
                dashed.add(true);
            }
            for (int i = 0; i < series.size(); i++) {
                Series s = series.get(i);
                Color color = SERIES[i % SERIES.length];
                g.setColor(color);
                g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                Path2D line = new Path2D.Double();
                List<Point> sorted =
                        s.points().stream().sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
                for (int k = 0; k < sorted.size(); k++) {
                    Point p = sorted.get(k);
                    double px = LEFT + (log2(p.x()) - xMin) / (xMax - xMin) * w;
                    double py = TOP + h - (p.accuracy() - y.min()) / (y.max() - y.min()) * h;
                    if (k == 0) {
                        line.moveTo(px, py);
                    } else {
                        line.lineTo(px, py);
                    }
                    g.fill(new Ellipse2D.Double(px - 4, py - 4, 8, 8));
                }
                g.draw(line);
                names.add(s.name());
                colors.add(color);
                dashed.add(false);
            }
            legend(g, names, colors, dashed, LEFT + w, TOP + h);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void legend(
            Graphics2D g,
            List<String> names,
            List<Color> colors,
            List<Boolean> dashed,
            int right,
            int bottom) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int textW = names.stream().mapToInt(fm::stringWidth).max().orElse(0);
        int boxW = 44 + textW;
        int boxH = 8 + 20 * names.size();
        int boxX = right - boxW - 8;
        int boxY = bottom - boxH - 8;
        g.setColor(LinePlot.BACKGROUND);
        g.fillRect(boxX, boxY, boxW, boxH);
        g.setColor(GRID.darker());
        g.setStroke(new BasicStroke(1f));
        g.drawRect(boxX, boxY, boxW, boxH);
        for (int i = 0; i < names.size(); i++) {
            int ly = boxY + 14 + 20 * i;
            g.setColor(colors.get(i));
            g.setStroke(dashed.get(i) ? dash() : new BasicStroke(2.2f));
            g.drawLine(boxX + 8, ly, boxX + 30, ly);
            g.setColor(INK);
            g.drawString(names.get(i), boxX + 36, ly + fm.getAscent() / 2 - 1);
        }
    }

    private static BasicStroke dash() {
        return new BasicStroke(
                1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
