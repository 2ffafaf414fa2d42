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
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java rule against the masks and statistics shipped in demo/annotations. */
class RuleAnnotatorDemoTest {

    static final Path ANNOTATIONS = Path.of("../demo/annotations");
    static final String[] CLASS_NAMES = {"background", "body", "eye", "mouth"};

    static JsonNode index;

    @BeforeAll
    static void readIndex() throws IOException {
        index = new ObjectMapper().readTree(ANNOTATIONS.resolve("index.json").toFile());
        assertEquals(16, index.get("samples").size(), "shipped samples");
    }

    static IntStream samples() {
        return IntStream.range(0, 16);
    }

    static RuleReading readSample(JsonNode entry) throws IOException {
        return new RuleAnnotator().read(ImageIO.read(ANNOTATIONS.resolve(entry.get("image").asText()).toFile()));
    }

    @ParameterizedTest(name = "sample {0}")
    @MethodSource("samples")
    void reproducesTheShippedMaskPixelForPixel(int sample) throws IOException {
        JsonNode entry = index.get("samples").get(sample);
        BufferedImage mask = ImageIO.read(ANNOTATIONS.resolve(entry.get("mask").asText()).toFile());
        LabelMap labels = readSample(entry).labels();

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
    void reproducesThePartComponentsOfTheIndex(int sample) throws IOException {
        JsonNode entry = index.get("samples").get(sample);
        RuleReading reading = readSample(entry);

        assertEquals(entry.get("object_pixels").asInt(), reading.objectPixels(), "object pixels");
        JsonNode expected = entry.get("rule_part_components");
        List<PartComponent> parts = reading.parts();
        assertEquals(expected.size(), parts.size(), "part components");
        for (int k = 0; k < parts.size(); k++) {
            JsonNode want = expected.get(k);
            PartComponent stored = new PartComponent(want.get("pixels").asInt(), want.get("eye_votes").asInt(),
                    want.get("mouth_votes").asInt(), want.get("cls").asInt());
            assertEquals(stored, parts.get(k), "part component " + k);
        }
    }
}
