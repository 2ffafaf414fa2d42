package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskPngTest {

    @TempDir
    Path dir;

    @Test
    void indexedAndGrayMasksGiveTheirPixelValues() throws Exception {
        Path indexed = dir.resolve("a.png");
        Path gray = dir.resolve("b.png");
        int[] values = {0, 1, 2, 255, 1, 0};
        Fixtures.indexedPng(indexed, 3, 2, values);
        Fixtures.grayPng(gray, 3, 2, values);
        byte[] expected = {0, 1, 2, (byte) 255, 1, 0};
        for (Path file : new Path[] {indexed, gray}) {
            LabelMap map = MaskPng.read(file, new ImageSize(3, 2), 3);
            assertArrayEquals(expected, map.labels(), file.toString());
        }
    }

    @Test
    void classIdsBeyondTheListAreRejectedWithThePixel() throws Exception {
        Path file = dir.resolve("m.png");
        Fixtures.indexedPng(file, 3, 2, 0, 0, 0, 0, 3, 0);
        var e = assertThrows(AnnotationException.class, () -> MaskPng.read(file, new ImageSize(3, 2), 3));
        assertTrue(e.getMessage().contains("m.png: pixel (1, 1) has class id 3, expected a class id below 3"), e.getMessage());
    }

    @Test
    void sizeMustBeTheSamples() throws Exception {
        Path file = dir.resolve("m.png");
        Fixtures.grayPng(file, 3, 2, new int[6]);
        var e = assertThrows(AnnotationException.class, () -> MaskPng.read(file, new ImageSize(4, 4), 3));
        assertTrue(e.getMessage().contains("m.png: size 3x2, expected 4x4"), e.getMessage());
    }

    @Test
    void colourMasksAndCorruptFilesAreRejected() throws Exception {
        Path rgb = dir.resolve("rgb.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
        var e = assertThrows(AnnotationException.class, () -> MaskPng.read(rgb, new ImageSize(2, 2), 3));
        assertTrue(e.getMessage().contains("expected an 8-bit indexed or grayscale PNG") && e.getMessage().contains("got 3 channel(s)"),
                e.getMessage());
        Path gray16 = dir.resolve("g16.png");
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_USHORT_GRAY), "png", gray16.toFile());
        e = assertThrows(AnnotationException.class, () -> MaskPng.read(gray16, new ImageSize(2, 2), 3));
        assertTrue(e.getMessage().contains("of 16 bits"), e.getMessage());
        Path corrupt = dir.resolve("c.png");
        Fixtures.grayPng(corrupt, 8, 8, new int[64]);
        byte[] bytes = Files.readAllBytes(corrupt);
        Files.write(corrupt, java.util.Arrays.copyOf(bytes, 40));
        e = assertThrows(AnnotationException.class, () -> MaskPng.read(corrupt, new ImageSize(8, 8), 3));
        assertTrue(e.getMessage().startsWith(corrupt + ": expected an 8-bit indexed or grayscale PNG"), e.getMessage());
        Path text = dir.resolve("t.png");
        Files.writeString(text, "not a png");
        e = assertThrows(AnnotationException.class, () -> MaskPng.read(text, new ImageSize(8, 8), 3));
        assertTrue(e.getMessage().contains("not a readable image"), e.getMessage());
    }
}
