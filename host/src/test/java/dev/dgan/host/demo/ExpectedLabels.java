package dev.dgan.host.demo;

import dev.dgan.api.task.LabelMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The label map a test expects, drawn like a {@link Canvas}: all background, then rectangles and pixels. */
final class ExpectedLabels {

    private final int width;
    private final int height;
    private final int[] labels;

    ExpectedLabels(int width, int height) {
        this.width = width;
        this.height = height;
        this.labels = new int[width * height];
    }

    ExpectedLabels set(int x, int y, int label) {
        labels[y * width + x] = label;
        return this;
    }

    ExpectedLabels rect(int x0, int y0, int w, int h, int label) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) set(x, y, label);
        return this;
    }

    void assertMatches(LabelMap actual) {
        assertEquals(width, actual.width(), "width");
        assertEquals(height, actual.height(), "height");
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                assertEquals(labels[y * width + x], actual.at(x, y), "label at (x " + x + ", y " + y + ")");
    }
}
