package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

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
    void theSizeIsReadFromTheHeaderBeforeAnyPixel() throws Exception {
        // 70 bytes declaring 46000 x 46000 pixels: decoding would allocate 2 GB before finding the data missing
        Path file = dir.resolve("huge.png");
        Files.write(file, pngDeclaring(46000, 46000));
        var e = assertThrows(AnnotationException.class, () -> MaskPng.read(file, new ImageSize(4, 4), 3));
        assertTrue(e.getMessage().contains("huge.png: size 46000x46000, expected 4x4"), e.getMessage());
    }

    /** An 8-bit gray PNG whose header declares {@code width x height} and whose data holds one row of one pixel. */
    static byte[] pngDeclaring(int width, int height) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).array());
        var deflater = new Deflater();
        deflater.setInput(new byte[2]);
        deflater.finish();
        byte[] data = new byte[64];
        chunk(out, "IDAT", Arrays.copyOf(data, deflater.deflate(data)));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        var crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
