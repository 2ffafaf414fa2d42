package dev.dgan.host.annotate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import dev.dgan.tasks.segmentation.LabelMeJson;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.dgan.host.annotate.Fixtures.labelMe;
import static dev.dgan.host.annotate.Fixtures.shape;

/**
 * Any bytes as the LabelMe file of a 16x12 sample: the JSON, every shape type drawn as LabelMe
 * draws it, base64 mask PNGs decoded and placed.
 */
class LabelMeFuzzTest {

    static final List<String> CLASSES = List.of("background", "cat", "dog");

    @MethodSource("seeds")
    @DictionaryEntries({"\"shapes\"", "\"points\"", "\"shape_type\"", "\"label\"", "\"mask\"", "\"imageWidth\"",
            "\"imageHeight\"", "\"imagePath\"", "\"polygon\"", "\"rectangle\"", "\"circle\"", "\"line\"", "\"linestrip\"",
            "\"point\"", "\"oriented_rectangle\"", "\"cat\"", "\"__ignore__\"", "1e300", "-2147483649"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("sample_0000.json", bytes);
        ReaderContract.returnsOrFailsCleanly(file,
                () -> LabelMeJson.read(file, "sample_0000.png", new ImageSize(16, 12), CLASSES), AnnotationException.class);
    }

    /** One file with a shape of every type LabelMe writes, and one per type alone. */
    static Stream<byte[]> seeds() {
        List<Map<String, Object>> shapes = List.of(
                shape("cat", "polygon", new double[] {1, 1}, new double[] {9, 2}, new double[] {4, 8}),
                shape("dog", "rectangle", new double[] {10, 1}, new double[] {14, 5}),
                shape("cat", "circle", new double[] {5, 6}, new double[] {8, 6}),
                shape("dog", "line", new double[] {0, 11}, new double[] {15, 9}),
                shape("cat", "linestrip", new double[] {1, 10}, new double[] {6, 4}, new double[] {12, 10}),
                shape("_background_", "point", new double[] {13, 8}),
                shape("dog", "oriented_rectangle", new double[] {2, 2}, new double[] {6, 1}, new double[] {7, 4},
                        new double[] {3, 5}),
                mask("__ignore__", new double[] {11.5, 7.2}, new double[] {12.5, 8.2}));
        return Stream.concat(Stream.of(shapes), shapes.stream().map(List::of)).map(s -> json(labelMe("sample_0000.png", 16, 12, s)));
    }

    private static Map<String, Object> mask(String label, double[] from, double[] to) {
        Map<String, Object> shape = shape(label, "mask", from, to);
        shape.put("mask", Base64.getEncoder().encodeToString(png(2, 2, 1, 0, 0, 1)));
        return shape;
    }

    static byte[] png(int width, int height, int... values) {
        try {
            Path file = Files.createTempFile("seed", ".png");
            try {
                Fixtures.grayPng(file, width, height, values);
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(Object value) {
        try {
            return Fixtures.JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
