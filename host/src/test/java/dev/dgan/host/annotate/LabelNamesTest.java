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
}
