package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.Spec;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.f32;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.fixture;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.iota;
import static dev.dgan.runtime.checkpoint.CheckpointFiles.stateDictPickle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken files: each is a CheckpointFormatException naming the file and what was expected, and leaks nothing. */
@ExtendWith(NoTensorLeaks.class)
class TorchCheckpointCorruptionTest {

    @TempDir
    Path dir;

    // ----- zip container ------------------------------------------------------------------

    @Test
    void truncatedZip() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("stylegan2-ada/G_ema_state_dict.pt"));
        Path file = write("truncated.pt", Arrays.copyOf(whole, whole.length * 3 / 5));
        CheckpointFormatException e = fails(file);
        assertEquals("zip archive", e.field());
        assertMentions(e, "truncated.pt", "truncated or corrupt");
    }

    @Test
    void zipWithoutDataPkl() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data/0", f32(1, 2));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        Path file = CheckpointFiles.zipEntries(dir.resolve("nopkl.pt"), entries, false);
        CheckpointFormatException e = fails(file);
        assertEquals("data.pkl", e.field());
        assertMentions(e, "nopkl.pt", "expected an entry 'archive/data.pkl'", "archive/data/0");
    }

    @Test
    void emptyZipAndTorchScriptArchive() throws IOException {
        Path empty = CheckpointFiles.zipEntries(dir.resolve("empty.pt"), Map.of("x.txt", new byte[0]), false);
        assertMentions(fails(empty), "empty.pt", "one top-level folder");
        Map<String, byte[]> ts = new LinkedHashMap<>();
        ts.put("model/data.pkl", new PickleWriter().proto(2).none().stop().bytes());
        ts.put("model/constants.pkl", new PickleWriter().proto(2).none().stop().bytes());
        assertMentions(fails(CheckpointFiles.zipEntries(dir.resolve("script.pt"), ts, false)), "script.pt", "TorchScript");
    }

    @Test
    void badByteOrderRecord() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).none().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("order.pt"), "archive", pkl, Map.of(), "middle", false);
        CheckpointFormatException e = fails(file);
        assertEquals("archive/byteorder", e.field());
        assertMentions(e, "order.pt", "expected 'little' or 'big'", "middle");
    }

    @Test
    void damagedLocalHeaderNamesTheEntry() throws IOException {
        byte[] pkl = new PickleWriter().proto(2).none().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("header.pt"), "archive", pkl, Map.of(), "little", false);
        // the directory still lists the entry; its own header no longer starts with PK\3\4
        byte[] bytes = Files.readAllBytes(file);
        int header = localHeader(bytes, "archive/byteorder");
        Arrays.fill(bytes, header, header + 4, (byte) 0);
        Files.write(file, bytes);
        CheckpointFormatException e = fails(file);
        assertEquals("archive/byteorder", e.field());
        assertMentions(e, "header.pt", "expected a readable zip entry, it is truncated or corrupt", "invalid LOC header");
    }

    // ----- tensors and storages -----------------------------------------------------------

    @Test
    void storageKeyMissing() throws IOException {
        byte[] pkl = stateDictPickle(List.of(new Spec("w", "FloatStorage", "7", 4, 0, new long[] {4}, new long[] {1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("nokey.pt"), pkl, Map.of("0", f32(1, 2, 3, 4)));
        CheckpointFormatException e = fails(file);
        assertEquals("w", e.objectPath());
        assertEquals("storage key", e.field());
        assertMentions(e, "nokey.pt", "'w'", "expected a zip entry 'archive/data/7'");
    }

    @Test
    void viewPastStorageEnd() throws IOException {
        // 4x4 elements from a storage of 10: the view's extent is 16.
        byte[] pkl = stateDictPickle(List.of(new Spec("w", "FloatStorage", "0", 10, 0, new long[] {4, 4}, new long[] {4, 1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("past.pt"), pkl, Map.of("0", f32(iota(10))));
        CheckpointFormatException e = fails(file);
        assertEquals("w", e.objectPath());
        assertEquals("storage_offset + extent", e.field());
        assertMentions(e, "past.pt", "<= 10", "0 + 16");
    }

    @Test
    void offsetPastStorageEndNamesTheLightningPath() throws IOException {
        PickleWriter w = new PickleWriter().proto(2).emptyDict().str("state_dict");
        CheckpointFiles.stateDict(w, List.of(
                new Spec("mapping.fc0.bias", "FloatStorage", "0", 10, 0, new long[] {3}, new long[] {1}),
                new Spec("mapping.fc0.weight", "FloatStorage", "0", 10, 8, new long[] {3}, new long[] {1})), false);
        byte[] pkl = w.setitem().stop().bytes();
        Path file = CheckpointFiles.zip(dir.resolve("offset.ckpt"), pkl, Map.of("0", f32(iota(10))));
        CheckpointFormatException e = fails(file);
        assertEquals("state_dict.mapping.fc0.weight", e.objectPath());
        assertMentions(e, "offset.ckpt", "'state_dict.mapping.fc0.weight'", "<= 10", "8 + 3");
    }

    @Test
    void storageEntryShorterThanDeclared() throws IOException {
        byte[] pkl = stateDictPickle(List.of(new Spec("w", "FloatStorage", "0", 8, 0, new long[] {4}, new long[] {1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("short.pt"), pkl, Map.of("0", f32(1, 2, 3, 4)));
        CheckpointFormatException e = fails(file);
        assertEquals("storage size", e.field());
        assertMentions(e, "short.pt", "'w'", "archive/data/0", "8 elements", "16 bytes");
    }

    @Test
    void broadcastViewTooLargeToCopy() throws IOException {
        // one stored float viewed with stride 0 as 2^60 of them: valid, but its copy is 4 EiB
        byte[] pkl = CheckpointFiles.stateDictPickle(List.of(new CheckpointFiles.Spec("w", "FloatStorage", "0", 1, 0,
                new long[] {1L << 60}, new long[] {0})), false);
        Path file = CheckpointFiles.zip(dir.resolve("broadcast.pt"), pkl, Map.of("0", f32(1)));
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ck.tensor("w"));
            assertEquals("size", e.field());
            assertMentions(e, "broadcast.pt", "'w'", "expected a tensor whose contiguous copy can be allocated",
                    "sizes [1152921504606846976] with strides [0]");
        }
    }

    @Test
    void unknownStorageType() throws IOException {
        byte[] pkl = stateDictPickle(List.of(new Spec("z", "ComplexFloatStorage", "0", 2, 0, new long[] {2}, new long[] {1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("complex.pt"), pkl, Map.of("0", new byte[16]));
        CheckpointFormatException e = fails(file);
        assertEquals("z", e.objectPath());
        assertEquals("storage type", e.field());
        assertMentions(e, "complex.pt", "torch.ComplexFloatStorage", "torch.FloatStorage", "torch.BFloat16Storage");
    }

    @Test
    void strideCountAndNegativeSizes() throws IOException {
        byte[] pkl = stateDictPickle(List.of(new Spec("w", "FloatStorage", "0", 4, 0, new long[] {2, 2}, new long[] {1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("stride.pt"), pkl, Map.of("0", f32(1, 2, 3, 4)));
        CheckpointFormatException e = fails(file);
        assertEquals("stride", e.field());
        assertMentions(e, "stride.pt", "expected 2 strides");

        // a negative size, pickled as a 4-byte int
        byte[] neg = stateDictPickle(List.of(new Spec("w", "FloatStorage", "0", 4, 0, new long[] {-2}, new long[] {1})), false);
        CheckpointFormatException n = fails(CheckpointFiles.zip(dir.resolve("neg.pt"), neg, Map.of("0", f32(1, 2, 3, 4))));
        assertEquals("size", n.field());
        assertMentions(n, "neg.pt", "expected sizes >= 0");
    }

    @Test
    void failureWhileCopyingDataClosesTheTensor() throws IOException {
        // Valid metadata, but the deflated storage entry is garbage: the error comes from load().
        byte[] pkl = stateDictPickle(List.of(new Spec("w", "FloatStorage", "0", 64, 0, new long[] {64}, new long[] {1})), false);
        Path file = CheckpointFiles.zip(dir.resolve("inflate.pt"), "archive", pkl, Map.of("0", f32(iota(64))), "little", true);
        corruptDeflatedEntry(file, "archive/data/0");
        try (TorchCheckpoint ck = TorchCheckpoint.read(file)) {
            long live = Tensor.liveCount();
            CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> ck.load(ck.tensors().get("w")));
            assertEquals("w", e.objectPath());
            assertEquals("storage data", e.field());
            assertMentions(e, "inflate.pt", "archive/data/0");
            assertEquals(live, Tensor.liveCount());
            assertThrows(CheckpointFormatException.class, () -> ck.loadAll(ck.stateDict()));
            assertEquals(live, Tensor.liveCount());
        }
    }

    // ----- legacy format ------------------------------------------------------------------

    @Test
    void legacyFileTruncatedMidStorage() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("biggan-deep/native/pytorch_model.bin"));
        Path file = write("pytorch_model.bin", Arrays.copyOf(whole, whole.length - 1000));
        CheckpointFormatException e = fails(file);
        assertNull(e.objectPath());
        assertTrue(e.field().matches("storage '\\d+' \\(\\d+ of 314\\)"), e.field());
        assertMentions(e, "pytorch_model.bin", "truncated", "bytes left");
    }

    @Test
    void legacyFileTruncatedInsideAPickle() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("biggan-deep/native/pytorch_model.bin"));
        Path file = write("cut.bin", Arrays.copyOf(whole, 3000));
        CheckpointFormatException e = fails(file);
        assertEquals("main pickle", e.field());
        assertMentions(e, "cut.bin", "truncated");
    }

    @Test
    void legacyStorageListedButUnknownType() throws IOException {
        byte[] main = stateDictPickle(List.of(new Spec("q", "QInt8Storage", "k", 4, 0, new long[] {4}, new long[] {1})), true);
        Path file = CheckpointFiles.legacy(dir.resolve("q.bin"), main, Map.of("k", new byte[4]), Map.of("k", 1), true);
        CheckpointFormatException e = fails(file);
        assertMentions(e, "q.bin", "storage 'k'", "unsupported storage type torch.QInt8Storage", "torch.FloatStorage");
    }

    @Test
    void legacyStorageKeyMissingFromTheList() throws IOException {
        byte[] main = stateDictPickle(List.of(
                new Spec("a", "FloatStorage", "k1", 2, 0, new long[] {2}, new long[] {1}),
                new Spec("b", "FloatStorage", "k2", 2, 0, new long[] {2}, new long[] {1})), true);
        // k2 is referred to but its data is not in the file (and not in the key list)
        Map<String, byte[]> storages = Map.of("k1", f32(1, 2));
        Path file = CheckpointFiles.legacy(dir.resolve("missing.bin"), main, storages, Map.of(), true);
        CheckpointFormatException e = fails(file);
        assertEquals("b", e.objectPath());
        assertMentions(e, "missing.bin", "storage key 'k2'", "one of the 1 keys in the storage key list");
    }

    @Test
    void legacyBadMagicNumber() throws IOException {
        Path file = dir.resolve("magic.bin");
        Files.write(file, new PickleWriter().proto(2).integer(42).stop().bytes());
        CheckpointFormatException e = fails(file);
        assertEquals("magic number", e.field());
        assertMentions(e, "magic.bin", "expected 0x1950a86a20f9469cfc6c", "42");
    }

    // ----- not a checkpoint, malformed pickles --------------------------------------------

    @Test
    void notACheckpoint() throws IOException {
        assertMentions(fails(write("text.pt", "hello world".getBytes(StandardCharsets.US_ASCII))), "text.pt",
                "expected a torch.save checkpoint", "68 65 6c 6c");
        assertMentions(fails(write("empty.pt", new byte[0])), "empty.pt", "the file is empty");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);
        assertMentions(fails(write("old.tar", tar)), "old.tar", "early torch versions");
    }

    @Test
    void malformedPickles() throws IOException {
        assertPickleError("underflow.pt", new PickleWriter().proto(2).reduce().stop().bytes(), "malformed pickle");
        assertPickleError("opcode.pt", new PickleWriter().proto(2).raw(0xFF).bytes(), "invalid pickle opcode");
        assertPickleError("nostop.pt", new PickleWriter().proto(2).none().bytes(), "truncated");
        // BINUNICODE announcing 2 GiB: refused before anything is allocated
        byte[] huge = new PickleWriter().proto(2).raw('X').le(0x7FFF_FFF0L, 4).raw('a', 'b').stop().bytes();
        assertPickleError("huge.pt", huge, "BINUNICODE", "runs past the end");
        byte[] odd = new PickleWriter().proto(2).emptyDict().mark().str("a").setitems().stop().bytes();
        assertPickleError("odd.pt", odd, "SETITEMS", "odd number");
        byte[] unhashable = new PickleWriter().proto(2).emptyDict().emptyList().str("v").setitem().stop().bytes();
        assertPickleError("unhashable.pt", unhashable, "unhashable");
        // razorvine's MARK object is no value: Python refuses both
        assertPickleError("mark.pt", new PickleWriter().proto(2).mark().stop().bytes(), "MARK", "found a mark");
        assertPickleError("append-mark.pt", new PickleWriter().proto(2).emptyList().mark().raw('a').stop().bytes(), "found a mark");
        byte[] memo = new PickleWriter().proto(2).binget(9).stop().bytes();
        assertPickleError("memo.pt", memo, "memo");
        byte[] selfRef = new PickleWriter().proto(2).emptyList().binput(0).binget(0).raw('a').stop().bytes();
        // a list containing itself is fine as data, and indexing it terminates
        try (TorchCheckpoint ck = TorchCheckpoint.read(CheckpointFiles.zip(dir.resolve("self.pt"), selfRef, Map.of()))) {
            List<?> l = (List<?>) ck.root();
            assertTrue(l.get(0) == l);
        }
    }

    @Test
    void deepNestingIsRefusedNotAStackOverflow() throws IOException {
        PickleWriter w = new PickleWriter().proto(2);
        int depth = TorchCheckpoint.MAX_DEPTH + 5;
        for (int i = 0; i < depth; i++) w.emptyList();
        for (int i = 0; i < depth - 1; i++) w.raw('a');
        Path file = CheckpointFiles.zip(dir.resolve("deep.pt"), w.stop().bytes(), Map.of());
        CheckpointFormatException e = fails(file);
        assertEquals("nesting", e.field());
        assertMentions(e, "deep.pt", "at most 10000 levels");
    }

    // ----- helpers ------------------------------------------------------------------------

    private void assertPickleError(String name, byte[] pickle, String... fragments) throws IOException {
        Path file = CheckpointFiles.zip(dir.resolve(name), pickle, Map.of());
        CheckpointFormatException e = fails(file);
        assertEquals("archive/data.pkl", e.field());
        assertMentions(e, name);
        assertMentions(e, fragments);
    }

    private static CheckpointFormatException fails(Path file) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> {
            try (TorchCheckpoint ignored = TorchCheckpoint.read(file)) {
                // opened: should not happen
            }
        });
        assertEquals(file, e.file());
        return e;
    }

    private static void assertMentions(CheckpointFormatException e, String... fragments) {
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Overwrites the compressed data of a DEFLATED entry with 0xFF bytes (an invalid deflate block type). */
    private static void corruptDeflatedEntry(Path zip, String entryName) throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        int at = localHeader(bytes, entryName);
        int extra = Short.toUnsignedInt(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(at + 28));
        int start = at + 30 + entryName.length() + extra;
        Arrays.fill(bytes, start, start + 16, (byte) 0xFF);
        Files.write(zip, bytes);
    }

    /** Where the local header (PK\3\4, 30 bytes, then the name) of {@code entryName} starts. */
    private static int localHeader(byte[] bytes, String entryName) {
        byte[] name = entryName.getBytes(StandardCharsets.US_ASCII);
        for (int i = 30; i + name.length <= bytes.length; i++) {
            if (ByteBuffer.wrap(bytes, i - 30, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() != 0x04034b50) continue;
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) return i - 30;
        }
        throw new IllegalStateException("no local header for " + entryName);
    }
}
