package io.fedstream.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Size2D;

/** Checks that a chart's title fits on one line of an image of a given width. */
final class TitleFit {
    private TitleFit() {}

    /**
     * Asserts that the title is set to {@code text}, that its natural width (one line, insets
     * included) is at most {@code width}, and that laid out at {@code width} it keeps the height of
     * one line, i.e. JFreeChart neither wraps nor truncates it.
     */
    static void assertTitleFits(JFreeChart chart, String text, int width) {
        TextTitle title = chart.getTitle();
        assertThat(title).isNotNull();
        assertThat(title.getText()).isEqualTo(text);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            Size2D natural = title.arrange(g, RectangleConstraint.NONE);
            Size2D atWidth =
                    title.arrange(
                            g,
                            new RectangleConstraint(
                                    width,
                                    null,
                                    LengthConstraintType.FIXED,
                                    0,
                                    null,
                                    LengthConstraintType.NONE));
            assertThat(natural.getWidth()).isLessThanOrEqualTo(width);
            assertThat(atWidth.getHeight()).isEqualTo(natural.getHeight());
        } finally {
            g.dispose();
        }
    }
}
