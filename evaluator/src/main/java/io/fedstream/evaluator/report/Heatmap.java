package io.fedstream.evaluator.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A labelled heatmap of a rows × columns table of values in [0, 1] (e.g. final accuracy of attacks
 * × aggregation rules) as a PNG: each cell is coloured from red (the lowest value present) through
 * yellow to green (the highest) and shows the value in percent; missing cells are grey. Pure
 * java.awt, headless.
 */
public final class Heatmap {
    static final Color MISSING = new Color(0xDD, 0xDD, 0xDD);
    static final int CELL_W = 110;
    static final int CELL_H = 34;
    static final int LEFT = 170;
    static final int TOP = 90;
    static final int MARGIN = 20;

    private Heatmap() {}

    /**
     * The colour of {@code v} on a red–yellow–green scale over [lo, hi]: red (215, 48, 39) at lo,
     * yellow (255, 255, 191) at the middle, green (26, 152, 80) at hi, linear in between; the
     * middle colour when lo = hi.
     */
    public static Color colour(double v, double lo, double hi) {
        double t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0.5;
        int[] red = {215, 48, 39};
        int[] yellow = {255, 255, 191};
        int[] green = {26, 152, 80};
        int[] a = t < 0.5 ? red : yellow;
        int[] b = t < 0.5 ? yellow : green;
        double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
        return new Color(
                (int) Math.round(a[0] + (b[0] - a[0]) * u),
                (int) Math.round(a[1] + (b[1] - a[1]) * u),
                (int) Math.round(a[2] + (b[2] - a[2]) * u));
    }

    /** Renders and writes the PNG. */
    public static void write(
            List<String> rows, List<String> cols, Double[][] values, String title, Path png) {
        try {
            if (!ImageIO.write(render(rows, cols, values, title), "png", png.toFile())) {
                throw new IllegalStateException("no PNG writer in this JRE");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /**
     * The heatmap as an image: {@code values[r][c]} (null if missing) for row {@code rows.get(r)}
     * and column {@code cols.get(c)}.
     */
    public static BufferedImage render(
            List<String> rows, List<String> cols, Double[][] values, String title) {
        if (values.length != rows.size()) {
            throw new IllegalArgumentException(
                    "values has " + values.length + " rows vs " + rows.size() + " row labels");
        }
        for (Double[] row : values) {
            if (row.length != cols.size()) {
                throw new IllegalArgumentException(
                        "a values row has " + row.length + " cells vs " + cols.size() + " columns");
            }
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Double[] row : values) {
            for (Double v : row) {
                if (v != null && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        int width = LEFT + CELL_W * cols.size() + MARGIN;
        int height = TOP + CELL_H * rows.size() + MARGIN + 24;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, MARGIN, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics fm = g.getFontMetrics();
            for (int c = 0; c < cols.size(); c++) {
                String s = cols.get(c);
                int x = LEFT + c * CELL_W + (CELL_W - fm.stringWidth(s)) / 2;
                g.drawString(s, x, TOP - 10);
            }
            for (int r = 0; r < rows.size(); r++) {
                int y = TOP + r * CELL_H;
                g.setColor(Color.BLACK);
                g.drawString(rows.get(r), MARGIN, y + CELL_H / 2 + fm.getAscent() / 2 - 2);
                for (int c = 0; c < cols.size(); c++) {
                    int x = LEFT + c * CELL_W;
                    Double v = values[r][c];
                    boolean present = v != null && Double.isFinite(v);
                    g.setColor(present ? colour(v, lo, hi) : MISSING);
                    g.fillRect(x, y, CELL_W, CELL_H);
                    g.setColor(Color.WHITE);
                    g.drawRect(x, y, CELL_W, CELL_H);
                    String text = present ? String.format(Locale.ROOT, "%.2f", 100 * v) : "–";
                    g.setColor(Color.BLACK);
                    g.drawString(
                            text,
                            x + (CELL_W - fm.stringWidth(text)) / 2,
                            y + CELL_H / 2 + fm.getAscent() / 2 - 2);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String legend =
                    Double.isFinite(lo)
                            ? String.format(
                                    Locale.ROOT,
                                    "final test accuracy (%%); colour: red %.2f%% to green %.2f%%",
                                    100 * lo,
                                    100 * hi)
                            : "no values yet";
            g.drawString(legend, MARGIN, height - MARGIN + 4);
        } finally {
            g.dispose();
        }
        return image;
    }
}
