package dev.dgan.api.annotate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Any bytes as LabelMe's labels.txt beside the samples, and as keypoints.txt. */
class LabelNamesFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path labels = FuzzFile.write(LabelNames.LABELME_LABELS, bytes);
        Path keypoints = FuzzFile.write(LabelNames.KEYPOINTS, bytes);
        Path dir = labels.getParent();
        Files.deleteIfExists(dir.resolve(LabelNames.CLASSES));
        ReaderContract.returnsOrFailsCleanly(labels, () -> LabelNames.classes(dir, Optional.empty()), AnnotationException.class);
        ReaderContract.returnsOrFailsCleanly(keypoints, () -> LabelNames.keypoints(dir), AnnotationException.class);
    }

    /** LabelMe's convention, dgan's, and one with comments, blank lines and CRLF line ends. */
    static Stream<byte[]> seeds() {
        return Stream.of(
                "__ignore__\n_background_\ncat\ndog\n",
                "background\ncat\ndog\n",
                "# classes\r\n\r\nbackground\r\n  cat  \r\ndog").map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
