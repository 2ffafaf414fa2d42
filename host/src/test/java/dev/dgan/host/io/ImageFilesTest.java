package dev.dgan.host.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFilesTest {

    @Test
    void mapsLikeTheReferenceTools() {
        // (x * 127.5 + 128).clamp(0, 255) then truncation toward zero, as torch's .to(uint8) does
        assertEquals(128, ImageFiles.toByte(0f));
        assertEquals(255, ImageFiles.toByte(1f));
        assertEquals(0, ImageFiles.toByte(-1.01f));
        assertEquals(0, ImageFiles.toByte(-5f));
        assertEquals(255, ImageFiles.toByte(7f));
        assertEquals(0, ImageFiles.toByte(Float.NaN));
        assertEquals(191, ImageFiles.toByte(0.5f)); // 191.75 -> 191
        assertEquals(64, ImageFiles.toByte(-0.5f)); // 64.25 -> 64
    }

    @Test
    void picksTheSampleAndChannelPlanes() {
        // batch of 2, 3 channels, 1x2 pixels; sample 1 is red then blue
        float[] data = new float[2 * 3 * 2];
        int base = 6;
        data[base] = 1f;          // R of pixel 0
        data[base + 1] = -1f;     // R of pixel 1
        data[base + 2] = -1f;     // G
        data[base + 3] = -1f;
        data[base + 4] = -1f;     // B of pixel 0
        data[base + 5] = 1f;      // B of pixel 1
        BufferedImage img = ImageFiles.toImage(data, new long[] {2, 3, 1, 2}, 1);
        assertEquals(0xFF0000, img.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0x0000FF, img.getRGB(1, 0) & 0xFFFFFF);
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.toImage(data, new long[] {1, 2, 3, 2}, 0));
    }

    @Test
    void pngRoundTripsAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        float[] data = new float[3 * 4 * 4];
        for (int i = 0; i < data.length; i++) data[i] = (i % 7) / 3.5f - 1f;
        BufferedImage img = ImageFiles.toImage(data, new long[] {1, 3, 4, 4}, 0);
        Path file = dir.resolve("x.png");
        ImageFiles.writePng(file, img);
        BufferedImage back = ImageIO.read(file.toFile());
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) assertEquals(img.getRGB(x, y), back.getRGB(x, y));
        }
        byte[] first = Files.readAllBytes(file);
        ImageFiles.writePng(file, img);
        assertArrayEquals(first, Files.readAllBytes(file), "the same image must give the same bytes");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
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
