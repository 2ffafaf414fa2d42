package dev.dgan.host.dataset;

import dev.dgan.api.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TempFilesTest {

    @Test
    void sweepsLeftoversOfAtomicWritesOnly(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("labels"));
        List<String> leftovers = List.of(".sample_0001.png.tmp-3f9a0c2d1e4b5a69", "labels/.coco.json.tmp-7");
        List<String> kept = List.of("sample_0001.png", ".hidden", "notes.tmp-12", ".a.tmp-xyz", "labels/coco.json");
        for (String name : leftovers) Files.writeString(dir.resolve(name), "x");
        for (String name : kept) Files.writeString(dir.resolve(name), "x");

        assertEquals(2, TempFiles.sweep(dir));
        for (String name : leftovers) assertTrue(Files.notExists(dir.resolve(name)), name);
        for (String name : kept) assertTrue(Files.exists(dir.resolve(name)), name);
        assertEquals(0, TempFiles.sweep(dir));
    }

    @Test
    void recognisesTheNamesAtomicFilesUses(@TempDir Path dir) throws Exception {
        AtomicFiles.write(dir.resolve("out.png"), out -> {
            try (var files = Files.list(dir)) {
                List<Path> inFlight = files.toList();
                assertEquals(1, inFlight.size());
                assertTrue(TempFiles.isTemporary(inFlight.getFirst()), inFlight.getFirst().toString());
            }
            out.write(1);
        });
        assertEquals(0, TempFiles.sweep(dir));
        assertTrue(Files.exists(dir.resolve("out.png")));
    }

    @Test
    void sweepsOnlyTheLeftoversOfTheTargetsItIsGiven(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("image"));
        Files.writeString(dir.resolve("image/.000001.png.tmp-3f"), "x");
        Files.writeString(dir.resolve("image/.000004.png.tmp-3f"), "x");
        assertEquals(1, TempFiles.sweep(dir, target -> target.equals("000004.png")));
        assertTrue(Files.exists(dir.resolve("image/.000001.png.tmp-3f")), "another writer's file in flight");
        assertTrue(Files.notExists(dir.resolve("image/.000004.png.tmp-3f")));
    }
}
