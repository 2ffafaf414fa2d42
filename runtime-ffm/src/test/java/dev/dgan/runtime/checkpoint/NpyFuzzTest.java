package dev.dgan.runtime.checkpoint;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.dgan.runtime.checkpoint.NpyFileTest.dict;
import static dev.dgan.runtime.checkpoint.NpyFileTest.npy;

/** Any bytes as a .npy file: the header is checked and the array read into a tensor, or the file is rejected. */
class NpyFuzzTest {

    @MethodSource("seeds")
    @DictionaryEntries({"NUMPY", "'descr'", "'fortran_order'", "'shape'", "'<f4'", "'<f8'", "'<i8'", "'|u1'",
            "True", "False"})
    @FuzzTest
    void read(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("array.npy", bytes);
        ReaderContract.returnsOrFailsCleanlyWithoutLeaks(file, () -> {
            NpyFile.header(file);
            try (Tensor t = NpyFile.read(file)) {
                t.shape();
            }
        }, IOException.class);
    }

    /** np.save's layout for versions 1 to 3, as the unit tests write it. */
    static Stream<byte[]> seeds() {
        return Stream.of(
                npy(1, dict("<f4", false, "(2, 3)"), new byte[24]),
                npy(2, dict("<i8", false, "(1,)"), new byte[8]),
                npy(3, dict("|u1", false, "()"), new byte[1]),
                npy(1, dict("<f8", false, "(0, 5)"), new byte[0]));
    }
}
