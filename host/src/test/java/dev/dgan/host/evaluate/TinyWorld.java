package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.image.Palette;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A world a small network learns in a few hundred steps: a grey background, a red square
 * (class 1) and a smaller blue square (class 2) at random places, with exact labels.
 */
final class TinyWorld {

    static final int SIZE = 16;

    private TinyWorld() {}

    static LabeledImage draw(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] rgb = new byte[3 * SIZE * SIZE], labels = new byte[SIZE * SIZE];
        for (int i = 0; i < SIZE * SIZE; i++) {
            int grey = 110 + r.nextInt(20);
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) grey;
        }
        square(rgb, labels, r.nextInt(SIZE - 7), r.nextInt(SIZE - 7), 7, 1, new int[] {220, 30, 30});
        square(rgb, labels, r.nextInt(SIZE - 3), r.nextInt(SIZE - 3), 3, 2, new int[] {30, 30, 220});
        return new LabeledImage("tiny_" + seed, rgb, new LabelMap(SIZE, SIZE, labels));
    }

    private static void square(byte[] rgb, byte[] labels, int x0, int y0, int side, int cls, int[] colour) {
        for (int y = y0; y < y0 + side; y++)
            for (int x = x0; x < x0 + side; x++) {
                int i = y * SIZE + x;
                labels[i] = (byte) cls;
                for (int c = 0; c < 3; c++) rgb[3 * i + c] = (byte) colour[c];
            }
    }

    /** Writes {@code image_NNNN.png} + {@code label_NNNN.png} pairs for seeds first..first+count-1. */
    static Path writePairs(Path dir, long first, int count) throws IOException {
        Files.createDirectories(dir);
        for (int k = 0; k < count; k++) {
            LabeledImage image = draw(first + k);
            String key = String.format("%04d", k);
            write(dir.resolve("image_" + key + ".png"), image);
            Palette.writeIndexPng(dir.resolve("label_" + key + ".png"), image.labels());
        }
        return dir;
    }

    static void write(Path file, LabeledImage image) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage png = image.toImage();
        ImageIO.write(png, "png", file.toFile());
    }
}
