package dev.dgan.host.annotate.web;

import dev.dgan.api.image.Palette;
import dev.dgan.api.task.LabelMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleStoreTest {

    @TempDir
    Path dir;

    private SampleStore store() throws Exception {
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("sample_0000.png").toFile());
        Files.writeString(dir.resolve("latents.safetensors"), "");
        Files.writeString(dir.resolve("manifest.json"), """
                {"format": "dgan-samples/1", "backbone": {"name": "stylegan2", "checkpoint": "G.pkl"}, "truncation": 1.0,
                 "latents": "latents.safetensors", "latentKind": "z",
                 "samples": [{"index": 0, "seed": 7, "image": "sample_0000.png", "latentRow": 0}]}""");
        return SampleStore.open(dir, Optional.of(List.of("background", "thing")));
    }

    @Test
    void savesTheMaskTrainReadsAndRefusesAStaleVersion() throws Exception {
        SampleStore store = store();
        assertEquals(List.of("background", "thing"), Files.readAllLines(dir.resolve("classes.txt")));
        SampleStore.Entry e = store.entry(0);
        assertEquals(MaskVersion.NONE, store.read(e).version());
        byte[] labels = {0, 1, 1, 0, (byte) 255, 1, 0, 0, 1, 1, 1, 0};
        String v1 = store.save(e, MaskVersion.NONE, new LabelMap(4, 3, labels), Optional.of("{\"shapes\": []}"));
        assertArrayEquals(labels, dev.dgan.api.annotate.MaskPng.read(dir.resolve("mask_0000.png"),
                new dev.dgan.api.annotate.ImageSize(4, 3), 2).labels());
        assertTrue(Files.exists(dir.resolve("annotate/sample_0000.json")));
        // a second page still holding "none" is refused, and the file keeps the first save
        assertThrows(SampleStore.Conflict.class, () -> store.save(e, MaskVersion.NONE, new LabelMap(4, 3, new byte[12]), Optional.empty()));
        assertEquals(v1, store.read(e).version());
        String v2 = store.save(e, v1, new LabelMap(4, 3, new byte[12]), Optional.empty());
        assertEquals(v2, MaskVersion.of(Files.readAllBytes(dir.resolve("mask_0000.png"))));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temporary file left");
        }
    }

    @Test
    void refusesClassIdsOutsideTheList() throws Exception {
        SampleStore store = store();
        byte[] labels = new byte[12];
        labels[5] = 2;
        assertThrows(IllegalArgumentException.class,
                () -> store.save(store.entry(0), MaskVersion.NONE, new LabelMap(4, 3, labels), Optional.empty()));
    }

    @Test
    void needsAClassList() throws Exception {
        store();
        Files.delete(dir.resolve("classes.txt"));
        var e = assertThrows(IllegalArgumentException.class, () -> SampleStore.open(dir, Optional.empty()));
        assertTrue(e.getMessage().contains("--classes"), e.getMessage());
        Palette.rgb(0);
    }
}
