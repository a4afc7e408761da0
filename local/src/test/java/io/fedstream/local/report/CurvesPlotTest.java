package io.fedstream.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesPlotTest {
    @TempDir Path dir;

    private static final List<CurvesPlot.Curve> CURVES =
            List.of(
                    new CurvesPlot.Curve(
                            "fedavg",
                            List.of(
                                    new CurvesPlot.Point(1, 0.2),
                                    new CurvesPlot.Point(3, 0.74),
                                    new CurvesPlot.Point(4, 0.85))),
                    new CurvesPlot.Curve(
                            "fedadam",
                            List.of(new CurvesPlot.Point(1, 0.5), new CurvesPlot.Point(3, 0.81))));

    @Test
    void oneSeriesPerCurveInPercentAndTheAxisFromRoundThreeRoundedDown() {
        JFreeChart chart = CurvesPlot.chart(CURVES, "title");
        XYPlot plot = chart.getXYPlot();
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(2);
        assertThat(plot.getDataset().getYValue(0, 2)).isEqualTo(85.0);
        // lowest from round 3 on is 74%: the axis starts at 70%, round 1's 20% is below it
        assertThat(CurvesPlot.lowerBound(CURVES)).isEqualTo(70.0);
        assertThat(plot.getRangeAxis().getLowerBound()).isEqualTo(70.0);
    }

    @Test
    void writesAPngOfTheDocumentedSize() throws Exception {
        Path png = dir.resolve("c.png");
        CurvesPlot.write(CURVES, "accuracy by round", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(CurvesPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(CurvesPlot.HEIGHT);
    }
}
