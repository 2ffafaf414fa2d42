package dev.dgan.host.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java rule against the masks and region statistics shipped in demo/annotations. */
class RuleAnnotatorDemoTest {

    static final Path ANNOTATIONS = Path.of("../demo/annotations");
    static final String[] CLASS_NAMES = {"background", "disc", "square", "triangle"};

    static JsonNode index;

    @BeforeAll
    static void readIndex() throws IOException {
        index = new ObjectMapper().readTree(ANNOTATIONS.resolve("index.json").toFile());
    }

    static IntStream samples() {
        return IntStream.range(0, 16);
    }

    @ParameterizedTest(name = "sample {0}")
    @MethodSource("samples")
    void reproducesTheShippedMaskPixelForPixel(int sample) throws IOException {
        JsonNode entry = index.get("samples").get(sample);
        BufferedImage mask = ImageIO.read(ANNOTATIONS.resolve(entry.get("mask").asText()).toFile());
        LabelMap labels = new RuleAnnotator().annotate(ImageIO.read(ANNOTATIONS.resolve(entry.get("image").asText()).toFile()));

        assertEquals(mask.getWidth(), labels.width());
        assertEquals(mask.getHeight(), labels.height());
        int[] counts = new int[CLASS_NAMES.length];
        for (int y = 0; y < labels.height(); y++) {
            for (int x = 0; x < labels.width(); x++) {
                // a palette PNG reads back with its palette indices as the raster's samples
                assertEquals(mask.getRaster().getSample(x, y, 0), labels.at(x, y), "label at (" + x + ", " + y + ")");
                counts[labels.at(x, y)]++;
            }
        }
        for (int c = 0; c < CLASS_NAMES.length; c++)
            assertEquals(entry.get("pixel_counts").get(CLASS_NAMES[c]).asInt(), counts[c], CLASS_NAMES[c] + " pixels");
    }

    @ParameterizedTest(name = "sample {0}")
    @MethodSource("samples")
    void reproducesTheRegionStatisticsOfTheIndex(int sample) throws IOException {
        JsonNode entry = index.get("samples").get(sample);
        List<RuleRegion> regions = new RuleAnnotator()
                .read(ImageIO.read(ANNOTATIONS.resolve(entry.get("image").asText()).toFile())).regions();

        JsonNode expected = entry.get("regions");
        assertEquals(expected.size(), regions.size(), "regions");
        for (int r = 0; r < regions.size(); r++) {
            RuleRegion got = regions.get(r);
            JsonNode want = expected.get(r);
            assertEquals(want.get("pixels").asInt(), got.pixels(), "region " + r + " pixels");
            assertEquals(want.get("fill").asDouble(), got.fill(), 1e-12, "region " + r + " fill");
            assertEquals(want.get("cls").asInt(), got.cls(), "region " + r + " class");
            for (ShapeTemplate template : ShapeTemplate.values()) {
                double stored = want.get("mismatch").get(Integer.toString(template.classId())).asDouble();
                assertEquals(stored, roundedLikePython(got.mismatch(template)), "region " + r + " " + template + " mismatch");
            }
        }
    }

    /** Python's round(x, 3): the exact binary value rounded to 3 decimals, ties to even. */
    static double roundedLikePython(double x) {
        return new BigDecimal(x).setScale(3, RoundingMode.HALF_EVEN).doubleValue();
    }
}
