package dev.dgan.runtime.safetensors;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.fuzz.FuzzFile;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Any bytes as a .safetensors file, read the way the model loaders read it: the header is parsed,
 * and every tensor it lists is sliced from the mapping and wrapped for libtorch.
 */
class SafetensorsFuzzTest {

    @MethodSource("seeds")
    @DictionaryEntries({"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F16\"",
            "\"BF16\"", "\"I64\"", "\"U8\"", "\"BOOL\""})
    @FuzzTest
    void open(byte[] bytes) throws Exception {
        Path file = FuzzFile.write("model.safetensors", bytes);
        ReaderContract.returnsOrFailsCleanlyWithoutLeaks(file, () -> {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                f.metadata();
                for (String name : f.names()) {
                    TensorEntry e = f.get(name);
                    if (e.data().byteSize() != e.numel() * e.dtype().byteSize()) {
                        throw new AssertionError(name + ": " + e.data().byteSize() + " bytes for " + e);
                    }
                    try (Tensor t = f.tensor(name)) {
                        t.shape();
                    }
                }
            }
        }, IOException.class);
    }

    /** Small valid files: the u64 header length, the JSON header, then the data. */
    static Stream<byte[]> seeds() {
        return Stream.of(
                file("{}", new byte[0]),
                file("{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}",
                        new byte[16]),
                file("{\"a\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                        + "\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[3,11]},"
                        + "\"c\":{\"dtype\":\"BF16\",\"shape\":[0,4],\"data_offsets\":[11,11]}}", new byte[11]));
    }

    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).put(data).array();
    }
}
