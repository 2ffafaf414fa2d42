package dev.dgan.runtime.checkpoint;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.fuzz.ReaderContract;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Any bytes as a pickle for the restricted unpickler: it builds plain data only (see
 * {@link PickleTree}) or fails with a CheckpointFormatException, whatever globals the pickle
 * names or calls. Jazzer's sanitizers watch for commands, reflection and JNDI lookups meanwhile.
 */
class PickleFuzzTest {

    private static final Path FILE = Path.of("fuzz.pkl");

    @MethodSource("seeds")
    @DictionaryEntries({"os", "system", "builtins", "eval", "exec", "subprocess", "Popen", "collections", "OrderedDict",
            "torch._utils", "_rebuild_tensor_v2", "_rebuild_parameter", "torch", "FloatStorage", "float32", "copyreg",
            "_reconstructor", "set", "frozenset", "datetime", "array", "storage", "jaz.Zer"})
    @FuzzTest
    void unpickle(byte[] bytes) throws Exception {
        ReaderContract.returnsOrFailsCleanly(FILE, () -> {
            Map<StoredTensor, StorageRef> origins = new IdentityHashMap<>();
            Map<Object, Object> extraState = new IdentityHashMap<>();
            CountingInput in = new CountingInput(new ByteArrayInputStream(bytes), bytes.length);
            Object root = TorchUnpickler.unpickle(FILE, "data.pkl", in, PickleFuzzTest::storage, origins, extraState, Map.of());
            PickleTree.requirePlainData(root, extraState);
        }, CheckpointFormatException.class);
    }

    /** Any persistent id stands for a small float storage, so that tensor rebuilds get as far as they can. */
    private static Object storage(Object[] pid) {
        return new StorageRef(pid.length > 2 && pid[2] instanceof String key ? key : "0", "torch.FloatStorage", DType.F32,
                "cpu", 0, 4);
    }

    /** A state dict, and pickles that would run commands under Python's pickle (protocols 0, 2 and 4). */
    static Stream<byte[]> seeds() {
        return Stream.of(
                CheckpointFiles.stateDictPickle(List.of(
                        new CheckpointFiles.Spec("w", "FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {2, 1})), false),
                new PickleWriter().proto(2).global("os", "system").str("touch x").tuple1().reduce().stop().bytes(),
                new PickleWriter().proto(4).stackGlobal("builtins", "eval").str("1").tuple1().reduce().stop().bytes(),
                new PickleWriter().mark().protocol0Str("touch x").inst("subprocess", "Popen").stop().bytes(),
                new PickleWriter().proto(2).global("builtins", "set").emptyList().mark().integer(1).str("a").appends()
                        .tuple1().reduce().emptySet().mark().integer(2).additems().stop().bytes());
    }
}
