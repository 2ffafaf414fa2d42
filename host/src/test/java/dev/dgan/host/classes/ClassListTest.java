package dev.dgan.host.classes;

import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassListTest {

    private static final ClassNames ANIMALS = new ClassNames("toy", List.of("goldfish", "Great White Shark", "tench"));

    private static BackboneInfo info(Conditioning c) {
        return new BackboneInfo("toy", "v", 8, 3, c, 4, 0, 0, List.of(new FeatureTap("t", 2, 8)));
    }

    @Test
    void listsTakeIdsAndNamesInAnyCase() {
        assertEquals(List.of(2, 0, 1, 2), ClassList.parse("2, goldfish,great white shark,TENCH", ANIMALS, "--classes"));
        assertEquals(List.of(0, 1, 2), ClassList.parse("all", ANIMALS, "--classes"));
        assertEquals(1, ANIMALS.resolve("class 1", "--class"), "'class N' names class N too");
    }

    @Test
    void badEntriesAreNamedWithTheOption() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> ClassList.parse("0,carp", ANIMALS, "--classes"));
        assertTrue(unknown.getMessage().contains("--classes") && unknown.getMessage().contains("'carp'"), unknown.getMessage());
        var range = assertThrows(IllegalArgumentException.class, () -> ClassList.parse("3", ANIMALS, "--classes"));
        assertTrue(range.getMessage().contains("class id 3 is out of range") && range.getMessage().contains("0..2"), range.getMessage());
        var empty = assertThrows(IllegalArgumentException.class, () -> ClassList.parse("0,,1", ANIMALS, "--classes"));
        assertTrue(empty.getMessage().contains("empty class"), empty.getMessage());
    }

    @Test
    void filesListOneClassPerLineWithComments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("classes.txt");
        Files.writeString(file, "# the fish\n1\n\n  tench   # last\ngoldfish\n");
        assertEquals(List.of(1, 2, 0), ClassList.parse(file.toString(), ANIMALS, "--classes"));

        Files.writeString(file, "# nothing here\n\n");
        var e = assertThrows(IllegalArgumentException.class, () -> ClassList.parse(file.toString(), ANIMALS, "--classes"));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("lists no classes"), e.getMessage());

        Files.writeString(file, "0\ncarp\n");
        var line = assertThrows(IllegalArgumentException.class, () -> ClassList.parse(file.toString(), ANIMALS, "--classes"));
        assertTrue(line.getMessage().contains(file + " line 2"), line.getMessage());

        var missing = assertThrows(IllegalArgumentException.class,
                () -> ClassList.parse(dir.resolve("nope.txt").toString(), ANIMALS, "--classes"));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void namesComeFromTheBackboneAndUnconditionalBackbonesAreRefused() {
        ClassNames names = ClassNames.of(info(new Conditioning.ClassLabels(4)), "--classes");
        assertEquals(4, names.count());
        assertEquals("class 3", names.name(3));
        var e = assertThrows(IllegalArgumentException.class, () -> ClassNames.of(info(Conditioning.NONE), "--classes"));
        assertTrue(e.getMessage().contains("--classes") && e.getMessage().contains("unconditional"), e.getMessage());
    }

    @Test
    void imageNetBackbonesTakeDisplayNamesSynonymsAndWordNetIds() {
        ClassNames names = ClassNames.of(info(new Conditioning.ClassLabels(1000, dev.dgan.api.ImageNetClasses.get().names())), "--class");
        assertEquals("tench", names.name(0));
        assertEquals(207, names.resolve("Golden Retriever", "--class"));
        assertEquals(1, names.resolve("Carassius auratus", "--class"), "a synonym");
        assertEquals(0, names.resolve("n01440764", "--class"), "a WordNet id");
        assertEquals(5, names.resolve("class 5", "--class"));
        var crane = assertThrows(IllegalArgumentException.class, () -> names.resolve("crane", "--class"));
        assertTrue(crane.getMessage().startsWith("--class") && crane.getMessage().contains("ambiguous"), crane.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> names.resolve("retriever dog", "--class"));
        assertTrue(unknown.getMessage().startsWith("--class") && unknown.getMessage().contains("unknown"), unknown.getMessage());
    }
}
