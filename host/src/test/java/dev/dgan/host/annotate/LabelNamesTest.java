package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.LabelNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelNamesTest {

    @TempDir
    Path dir;

    @Test
    void skipsBlankAndCommentLinesAndPrefersTheFile() throws Exception {
        Fixtures.lines(dir.resolve("classes.txt"), "# id = line", "background", "  ", "road ", "#car", "car");
        assertEquals(List.of("background", "road", "car"), LabelNames.classes(dir, Optional.of(List.of("x"))));
        Files.delete(dir.resolve("classes.txt"));
        assertEquals(List.of("x"), LabelNames.classes(dir, Optional.of(List.of("x"))));
    }

    @Test
    void rejectsRepeatedEmptyAndTooManyNames() throws Exception {
        Path file = dir.resolve("keypoints.txt");
        Fixtures.lines(file, "nose", "nose");
        var e = assertThrows(AnnotationException.class, () -> LabelNames.keypoints(dir));
        assertEquals(file + ": name nose appears twice, expected each name once", e.getMessage());
        Fixtures.lines(file, "# nothing");
        e = assertThrows(AnnotationException.class, () -> LabelNames.keypoints(dir));
        assertEquals(file + ": expected at least one name, found none", e.getMessage());
        String[] many = new String[256];
        for (int i = 0; i < many.length; i++) many[i] = "c" + i;
        Fixtures.lines(dir.resolve("classes.txt"), many);
        e = assertThrows(AnnotationException.class, () -> LabelNames.classes(dir, Optional.empty()));
        assertTrue(e.getMessage().contains("256 names, expected at most 255"), e.getMessage());
    }

    @Test
    void rejectsTextThatIsNotUtf8() throws Exception {
        Files.write(dir.resolve("keypoints.txt"), new byte[] {'a', (byte) 0xFF, '\n'});
        var e = assertThrows(AnnotationException.class, () -> LabelNames.keypoints(dir));
        assertTrue(e.getMessage().contains("expected UTF-8 text"), e.getMessage());
    }

    @Test
    void labelMeConventionStartsClassIdsAtBackground() throws Exception {
        // LabelMe's labels.txt: __ignore__ takes no id (void), _background_ is class 0
        Fixtures.lines(dir.resolve("labels.txt"), "__ignore__", "_background_", "cat", "dog");
        assertEquals(List.of("_background_", "cat", "dog"), LabelNames.classes(dir, Optional.empty()));
        // dgan's own convention in a labels.txt: line i is class i
        Fixtures.lines(dir.resolve("labels.txt"), "background", "cat", "dog");
        assertEquals(List.of("background", "cat", "dog"), LabelNames.classes(dir, Optional.empty()));
        // and LabelMe's convention in a classes.txt
        Files.delete(dir.resolve("labels.txt"));
        Fixtures.lines(dir.resolve("classes.txt"), "__ignore__", "_background_", "road");
        assertEquals(List.of("_background_", "road"), LabelNames.classes(dir, Optional.empty()));
        assertEquals(List.of("_background_", "road"), LabelNames.classesFile(dir.resolve("classes.txt")));
    }

    @Test
    void labelMeConventionErrors() throws Exception {
        Path file = dir.resolve("labels.txt");
        Fixtures.lines(file, "__ignore__", "cat");
        var e = assertThrows(AnnotationException.class, () -> LabelNames.classes(dir, Optional.empty()));
        assertEquals(file + ": cat follows __ignore__, expected _background_ (LabelMe's convention: __ignore__, then"
                + " _background_ = class 0, then the classes)", e.getMessage());
        Fixtures.lines(file, "background", "__ignore__", "cat");
        e = assertThrows(AnnotationException.class, () -> LabelNames.classes(dir, Optional.empty()));
        assertTrue(e.getMessage().startsWith(file + ": __ignore__ is name 2, expected it only as the first name"), e.getMessage());
        Fixtures.lines(dir.resolve("classes.txt"), "background", "cat");
        e = assertThrows(AnnotationException.class, () -> LabelNames.classes(dir, Optional.empty()));
        assertEquals(dir.resolve("classes.txt") + " and " + file + ": two class lists, expected one of them", e.getMessage());
    }
}
