package dev.dgan.host.annotate;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Any bytes as the COCO file of a folder of three 4x4 samples, read as the annotation import reads
 * it: categories, images matched to samples, polygons and RLE masks. Errors name the COCO file or,
 * when it annotates nothing, the folder.
 */
class CocoFuzzTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void samples() throws IOException {
        Fixtures.sampleDir(dir, 3, 4);
    }

    @MethodSource("seeds")
    @DictionaryEntries({"\"images\"", "\"annotations\"", "\"categories\"", "\"segmentation\"", "\"counts\"", "\"size\"",
            "\"image_id\"", "\"category_id\"", "\"file_name\"", "\"width\"", "\"height\"", "sample_0002.png", "\"id\""})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Files.write(dir.resolve("result.json"), bytes);
        ReaderContract.returnsOrFailsCleanly(dir, () -> AnnotationSet.read(dir, AnnotationSetTest.SEGMENTATION),
                AnnotationException.class);
    }

    /** The CVAT and Label Studio exports of the unit tests. */
    static Stream<byte[]> seeds() {
        return Stream.of(CocoAnnotationsTest.CVAT, CocoAnnotationsTest.LABEL_STUDIO).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
