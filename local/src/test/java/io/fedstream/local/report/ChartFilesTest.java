package io.fedstream.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartFilesTest {
    private static final String KEY = "java.awt.headless";

    @Test
    void selectsHeadlessAwtUnlessTheCallerChoseOtherwise() {
        String saved = System.getProperty(KEY);
        try {
            System.clearProperty(KEY);
            ChartFiles.headless();
            assertThat(System.getProperty(KEY)).isEqualTo("true");

            System.setProperty(KEY, "false");
            ChartFiles.headless();
            assertThat(System.getProperty(KEY)).isEqualTo("false");
        } finally {
            if (saved == null) {
                System.clearProperty(KEY);
            } else {
                System.setProperty(KEY, saved);
            }
        }
    }

    @Test
    void writesADecodablePngInAHeadlessJvm(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("a.png");
        ChartFiles.writePng(
                LinePlot.chart(List.of(new LinePlot.Point(0, 0.1, 2.3)), "t"), 320, 240, png);
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(320);
        assertThat(img.getHeight()).isEqualTo(240);
    }
}
