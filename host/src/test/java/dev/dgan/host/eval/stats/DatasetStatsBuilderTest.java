package dev.dgan.host.eval.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStatsBuilderTest {

    static final List<String> NAMES = List.of("background", "body", "eye");

    @Test
    void sharesLeaveVoidOutAndCountImagesPerClass() {
        DatasetStats stats = new DatasetStatsBuilder(NAMES)
                .add(Shapes.labels("..11", "vv11"))   // 2 background, 4 body, 2 void
                .add(Shapes.labels("..2v", "...v"))   // 5 background, 1 eye, 2 void
                .build();
        assertEquals(2, stats.images());
        assertEquals(12, stats.labeledPixels());
        assertEquals(4, stats.voidPixels());
        assertEquals(7.0 / 12, stats.byId(0).share(), 1e-12);
        assertEquals(4.0 / 12, stats.byId(1).share(), 1e-12);
        assertEquals(1.0 / 12, stats.byId(2).share(), 1e-12);
        assertEquals(2, stats.byId(0).images());
        assertEquals(1, stats.byId(1).images());
        assertEquals(1, stats.byId(2).images());
    }

    @Test
    void centreIsTheLargestRegionsCentroidAsAFractionOfTheImage() {
        // a 2x2 blob at x 4..5, y 2..3 in an 8 x 4 image, and a stray pixel of the same class
        DatasetStats stats = new DatasetStatsBuilder(NAMES)
                .add(Shapes.labels("1.......", "........", "....11..", "....11..")).build();
        DatasetStats.Centres centres = stats.byId(1).centres();
        assertEquals(1, centres.count());
        assertEquals(5.0 / 8, centres.points().getFirst().x(), 1e-12);
        assertEquals(3.0 / 4, centres.points().getFirst().y(), 1e-12);
        assertEquals(0, centres.stdX(), 1e-12);
    }

    @Test
    void rectanglesNeedFourPointsAndBackgroundIsNoObject() {
        DatasetStatsBuilder builder = new DatasetStatsBuilder(NAMES);
        for (int i = 0; i < 3; i++) builder.add(Shapes.labels("......", ".111..", ".111..", "....22"));
        DatasetStats stats = builder.build();
        DatasetStats.Complexity body = stats.byId(1).complexity();
        assertEquals(3, body.count());
        assertEquals(4, body.median());
        assertEquals(4, body.mean());
        assertEquals(0, body.std());
        assertEquals(Map.of(4, 3L), body.histogram());
        assertEquals(2, stats.byId(2).complexity().median(), "a two-pixel bar traces as its two ends");
        assertFalse(stats.byId(0).object());
        assertNull(stats.byId(0).centres());
        assertNull(stats.byId(0).complexity());
        assertEquals(List.of(1, 2), stats.objectClasses());
    }

    @Test
    void objectClassesAreAParameter() {
        DatasetStats stats = new DatasetStatsBuilder(NAMES, List.of(0, 2), StatsOptions.DEFAULT)
                .add(Shapes.labels("..11", "..11")).build();
        assertNotNull(stats.byId(0).centres());
        assertEquals(0.25, stats.byId(0).centres().meanX(), 1e-12);
        assertNull(stats.byId(1).centres(), "body was not asked for");
        assertNull(stats.byId(2).centres(), "eye is an object class but never occurred");
        assertThrows(IllegalArgumentException.class, () -> new DatasetStatsBuilder(NAMES, List.of(3), StatsOptions.DEFAULT));
    }

    @Test
    void unknownClassIdIsRefusedBeforeAnythingIsCounted() {
        DatasetStatsBuilder builder = new DatasetStatsBuilder(NAMES);
        assertThrows(IllegalArgumentException.class, () -> builder.add(Shapes.labels("11", "13")));
        DatasetStats stats = builder.build();
        assertEquals(0, stats.images());
        assertEquals(0, stats.byId(1).pixels());
        assertEquals(0, stats.byId(1).share());
    }

    @Test
    void centrePointsAreCappedButMeanAndCountCoverAll() {
        DatasetStatsBuilder builder = new DatasetStatsBuilder(NAMES, List.of(1), StatsOptions.DEFAULT.withCentrePoints(5));
        for (int i = 0; i < 40; i++) {
            byte[] ids = new byte[10 * 10];
            ids[(i % 10) + 10 * (i / 10)] = 1;
            builder.add(new LabelMap(10, 10, ids));
        }
        DatasetStats.Centres centres = builder.build().byId(1).centres();
        assertEquals(40, centres.count());
        assertEquals(5, centres.points().size());
        assertEquals((4.5 + 0.5) / 10, centres.meanX(), 1e-12); // x = 0..9 ten times each, + 0.5
        assertEquals((1.5 + 0.5) / 10, centres.meanY(), 1e-12); // y = 0..3
    }

    @Test
    void diversityIsZeroForOneShapeRepeatedAndPositiveForDifferentShapes() {
        DatasetStatsBuilder same = new DatasetStatsBuilder(NAMES);
        DatasetStatsBuilder mixed = new DatasetStatsBuilder(NAMES);
        for (int i = 0; i < 4; i++) {
            same.add(Shapes.labels("......", ".1111.", ".1111.", "......"));
            mixed.add(i % 2 == 0 ? Shapes.labels("......", ".1111.", ".1111.", "......")
                    : Shapes.labels("......", ".1....", ".11...", ".111.."));
        }
        DatasetStats.Diversity zero = same.build().byId(1).diversity();
        assertEquals(4, zero.shapes());
        assertEquals(6, zero.pairs());
        assertEquals(0, zero.meanChamfer(), 1e-12);
        assertTrue(mixed.build().byId(1).diversity().meanChamfer() > 0.01);
        assertNull(new DatasetStatsBuilder(NAMES, List.of(1), StatsOptions.DEFAULT.withDiversitySample(0))
                .add(Shapes.labels("11")).add(Shapes.labels("11")).build().byId(1).diversity());
    }

    @Test
    void jsonHasPlainFieldsAndReadsBack(@TempDir Path dir) throws Exception {
        DatasetStats stats = new DatasetStatsBuilder(NAMES)
                .add(Shapes.labels("..11", "..11", "2...")).add(Shapes.labels("1...", "....", "..22")).build();
        Path file = dir.resolve("stats.json");
        stats.writeJson(file);
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertEquals(2, json.get("images").asInt());
        assertEquals(0.01, json.get("options").get("epsilon").asDouble());
        assertEquals("OBJECT", json.get("options").get("contourScale").asText());
        JsonNode body = json.get("classes").get(1);
        assertEquals("body", body.get("name").asText());
        assertTrue(body.get("share").isDouble());
        assertEquals(2, body.get("centres").get("count").asInt());
        assertTrue(body.get("centres").get("points").get(0).has("x"));
        assertEquals(1, body.get("complexity").get("histogram").get("4").asInt());
        assertEquals(1, body.get("complexity").get("histogram").get("1").asInt());
        assertTrue(json.get("classes").get(0).get("centres").isNull());
        assertEquals(stats, DatasetStats.fromJson(stats.toJson()));
    }
}
