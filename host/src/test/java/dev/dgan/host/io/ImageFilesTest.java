package dev.dgan.host.io;

import dev.dgan.api.io.AtomicFiles;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class ImageFilesTest {

    static byte[] pixels(float[] values, long... shape) {
        try (Tensor image = Tensor.of(values, shape); Tensor p = ImageFiles.toPixels(image)) {
            return p.toByteArray();
        }
    }

    @Test
    void mapsLikeTheReferenceTools() {
        // (x * 127.5 + 128).clamp(0, 255) then truncation toward zero, as torch's .to(uint8) does
        float[] x = {0f, 1f, -1.01f, -5f, 7f, 0.5f, -0.5f};
        int[] expected = {128, 255, 0, 0, 255, 191, 64}; // 191.75 -> 191, 64.25 -> 64
        byte[] got = pixels(x, 1, 1, 1, x.length);
        for (int i = 0; i < x.length; i++) assertEquals(expected[i], got[i] & 0xFF, "value " + x[i]);
    }

    @Test
    void picksTheSampleAndInterleavesChannels() {
        // batch of 2, 3 channels, 1x2 pixels; sample 1 is red then blue
        float[] data = new float[2 * 3 * 2];
        java.util.Arrays.fill(data, -1f);
        data[6] = 1f;      // R of pixel 0, sample 1
        data[6 + 5] = 1f;  // B of pixel 1, sample 1
        byte[] hwc = pixels(data, 2, 3, 1, 2);
        BufferedImage img = ImageFiles.toImage(hwc, 1, 1, 2, 3);
        assertEquals(0xFF0000, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, img.getRGB(1, 0) & 0xFFFFFF);
        try (Tensor twoChannels = Tensor.of(new float[4], 1, 2, 1, 2)) {
            assertThrows(IllegalArgumentException.class, () -> ImageFiles.toPixels(twoChannels));
        }
    }

    @Test
    void pngRoundTripsAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        float[] data = new float[3 * 4 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (i % 7) / 3.5f - 1f;
        byte[] hwc = pixels(data, 1, 3, 4, 4);
        BufferedImage img = ImageFiles.toImage(hwc, 0, 4, 4, 3);
        Path file = dir.resolve("x.png");
        ImageFiles.writePng(file, img);
        BufferedImage back = ImageIO.read(file.toFile());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int i = (y * 4 + x) * 3;
                int rgb = ((hwc[i] & 0xFF) << 16) | ((hwc[i + 1] & 0xFF) << 8) | (hwc[i + 2] & 0xFF);
                assertEquals(rgb, back.getRGB(x, y) & 0xFFFFFF);
            }
        }
        byte[] first = Files.readAllBytes(file);
        ImageFiles.writePng(file, img);
        assertArrayEquals(first, Files.readAllBytes(file), "the same image must give the same bytes");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void greyImagesKeepTheirLevels(@TempDir Path dir) throws Exception {
        byte[] hwc = pixels(new float[] {-1f, 0f, 1f}, 1, 1, 1, 3);
        Path file = dir.resolve("g.png");
        ImageFiles.writePng(file, ImageFiles.toImage(hwc, 0, 1, 3, 1));
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(0, back.getRaster().getSample(0, 0, 0));
        assertEquals(128, back.getRaster().getSample(1, 0, 0));
        assertEquals(255, back.getRaster().getSample(2, 0, 0));
    }

    @Test
    void aFailedWriteKeepsTheOldFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keep.bin");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        assertThrows(java.io.IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(9);
            throw new java.io.IOException("disk full");
        }));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertTrue(files.allMatch(f -> f.equals(file)), "temporary file left behind");
        }
    }
}
