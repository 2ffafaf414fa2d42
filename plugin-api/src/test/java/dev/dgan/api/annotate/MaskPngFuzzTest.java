package dev.dgan.api.annotate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Any bytes as a mask PNG of an 8x6 sample with 5 classes: its header read for the size, then the class ids. */
class MaskPngFuzzTest {

    private static final ImageSize SAMPLE = new ImageSize(8, 6);

    @MethodSource("seeds")
    @DictionaryEntries({"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "sBIT"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("mask_0000.png", bytes);
        ReaderContract.returnsOrFailsCleanly(file, () -> {
            ImageSize.of(file);
            MaskPng.read(file, SAMPLE, 5);
        }, AnnotationException.class);
    }

    /** Masks as annotation tools save them (palette, gray), and kinds the reader refuses (16-bit, RGB). */
    static Stream<byte[]> seeds() {
        return Stream.of(
                SeedImages.indexed(8, 6, new int[48]),
                SeedImages.ofType(BufferedImage.TYPE_BYTE_GRAY, 8, 6, 255),
                SeedImages.ofType(BufferedImage.TYPE_BYTE_BINARY, 8, 6, 1),
                SeedImages.ofType(BufferedImage.TYPE_USHORT_GRAY, 8, 6, 3),
                SeedImages.ofType(BufferedImage.TYPE_INT_RGB, 8, 6, 7));
    }
}
