package io.fedstream.local.report;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Paint;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.XYItemLabelGenerator;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

/**
 * A labelled heatmap of a rows × columns table of values in [0, 1] (e.g. final accuracy of attacks
 * × aggregation rules) as a PNG, drawn with JFreeChart: each cell is coloured from red (the lowest
 * value present) through yellow to green (the highest) and shows the value in percent; missing
 * cells are grey. A colour bar under the table gives the scale.
 */
public final class Heatmap {
    static final Color MISSING = new Color(0xDD, 0xDD, 0xDD);
    static final Font CELL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final String SCALE_TITLE = "final test accuracy; colour from the lowest to the highest";
    static final int MIN_CELL_W = 110;
    static final int CELL_H = 34;

    /** Title, column labels, colour bar with its axis, and margins. */
    static final int FRAME_H = 190;

    private static final int[] RED = {215, 48, 39};
    private static final int[] YELLOW = {255, 255, 191};
    private static final int[] GREEN = {26, 152, 80};

    private Heatmap() {}

    /**
     * The colour of {@code v} on a red–yellow–green scale over [lo, hi]: red (215, 48, 39) at lo,
     * yellow (255, 255, 191) at the middle, green (26, 152, 80) at hi, linear in between; the
     * middle colour when lo = hi.
     */
    public static Color colour(double v, double lo, double hi) {
        double t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : 0.5;
        int[] a = t < 0.5 ? RED : YELLOW;
        int[] b = t < 0.5 ? YELLOW : GREEN;
        double u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
        return new Color(
                (int) Math.round(a[0] + (b[0] - a[0]) * u),
                (int) Math.round(a[1] + (b[1] - a[1]) * u),
                (int) Math.round(a[2] + (b[2] - a[2]) * u));
    }

    /** {@link #colour} over [lo, hi] as a JFreeChart scale; NaN (a missing cell) is grey. */
    record Scale(double lo, double hi) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lo;
        }

        @Override
        public double getUpperBound() {
            return hi;
        }

        @Override
        public Paint getPaint(double value) {
            return Double.isNaN(value) ? MISSING : colour(value, lo, hi);
        }
    }

    /** Renders and writes the PNG, sized by {@link #size}. */
    public static void write(
            List<String> rows, List<String> cols, Double[][] values, String title, Path png) {
        JFreeChart chart = chart(rows, cols, values, title);
        Dimension size = size(chart);
        ChartFiles.writePng(chart, size.width, size.height, png);
    }

    /**
     * The heatmap: an {@link XYPlot} whose one XYZ series holds, for each cell, x = column index, y
     * = row index and z = {@code values[r][c]} (NaN where null) for row {@code rows.get(r)} and
     * column {@code cols.get(c)}; row 0 is at the top.
     */
    public static JFreeChart chart(
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
        ChartFiles.headless();
        int n = rows.size() * cols.size();
        double[][] xyz = new double[3][n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int r = 0, i = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols.size(); c++, i++) {
                Double v = values[r][c];
                boolean present = v != null && Double.isFinite(v);
                xyz[0][i] = c;
                xyz[1][i] = r;
                xyz[2][i] = present ? v : Double.NaN;
                if (present) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("final accuracy", xyz);
        Scale scale = new Scale(lo, hi);

        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        // Slightly smaller blocks leave white lines between the cells.
        renderer.setBlockWidth(0.97);
        renderer.setBlockHeight(0.92);
        renderer.setDefaultItemLabelGenerator(new CellLabels());
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(CELL_FONT);
        renderer.setDefaultItemLabelPaint(Color.BLACK);
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.CENTER, TextAnchor.CENTER));

        SymbolAxis x = labels(cols);
        x.setRange(-0.5, cols.size() - 0.5);
        SymbolAxis y = labels(rows);
        y.setRange(-0.5, rows.size() - 0.5);
        y.setInverted(true);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setDomainAxisLocation(AxisLocation.TOP_OR_LEFT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(null, ChartFiles.TITLE_FONT, plot, false);
        chart.setTitle(ChartFiles.title(title));
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(colourBar(scale));
        return chart;
    }

    /**
     * The image size that gives every cell at least {@link #MIN_CELL_W} x {@link #CELL_H} and room
     * for the widest column label, the row labels and the title.
     */
    public static Dimension size(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        String[] cols = ((SymbolAxis) plot.getDomainAxis()).getSymbols();
        String[] rows = ((SymbolAxis) plot.getRangeAxis()).getSymbols();
        int cellW = MIN_CELL_W;
        for (String c : cols) {
            cellW = Math.max(cellW, ChartFiles.textWidth(c, ChartFiles.LABEL_FONT) + 16);
        }
        int rowLabelW = 0;
        for (String r : rows) {
            rowLabelW = Math.max(rowLabelW, ChartFiles.textWidth(r, ChartFiles.LABEL_FONT));
        }
        int width = rowLabelW + 40 + cellW * cols.length + 30;
        int height = FRAME_H + CELL_H * rows.length;
        return new Dimension(ChartFiles.widthFor(chart, width), height);
    }

    private static SymbolAxis labels(List<String> symbols) {
        SymbolAxis axis = new SymbolAxis(null, symbols.toArray(String[]::new));
        axis.setGridBandsVisible(false);
        axis.setTickMarksVisible(false);
        axis.setAxisLineVisible(false);
        axis.setTickLabelFont(ChartFiles.LABEL_FONT);
        return axis;
    }

    private static PaintScaleLegend colourBar(Scale scale) {
        // A colour bar needs a range of non-zero length, even when every value is the same (that
        // value then sits in the middle of the bar, in the middle colour as in its cells).
        double half = scale.hi() > scale.lo() ? 0 : 0.005;
        Scale bar = new Scale(scale.lo() - half, scale.hi() + half);
        NumberAxis axis = new NumberAxis(SCALE_TITLE);
        axis.setNumberFormatOverride(
                new DecimalFormat("0.#%", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        ChartFiles.style(axis);
        PaintScaleLegend legend = new PaintScaleLegend(bar, axis);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(256);
        legend.setMargin(new RectangleInsets(8, 60, 10, 60));
        return legend;
    }

    /** The value of a cell in percent with two decimals, or a dash for a missing cell. */
    static final class CellLabels implements XYItemLabelGenerator {
        @Override
        public String generateLabel(XYDataset dataset, int series, int item) {
            double z = ((XYZDataset) dataset).getZValue(series, item);
            return Double.isNaN(z) ? "–" : String.format(Locale.ROOT, "%.2f", 100 * z);
        }
    }
}
