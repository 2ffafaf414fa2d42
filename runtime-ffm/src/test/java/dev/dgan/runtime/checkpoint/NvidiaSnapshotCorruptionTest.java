package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.NoTensorLeaks;
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
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged snapshots, made from the synthetic one: each is a CheckpointFormatException naming the
 * file, where in the snapshot (for a tensor, its path) and what was expected; nothing native is
 * left open (NoTensorLeaks).
 */
@ExtendWith(NoTensorLeaks.class)
class NvidiaSnapshotCorruptionTest {

    @TempDir
    Path dir;

    private CheckpointFormatException fails(byte[] bytes, String... fragments) throws IOException {
        Path file = Files.write(dir.resolve("network-snapshot.pkl"), bytes);
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> NvidiaSnapshot.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
        return e;
    }

    /** The synthetic snapshot with the embedded torch.save bytes of the tensor at {@code path} changed. */
    private CheckpointFormatException storageFails(String path, UnaryOperator<byte[]> edit, String... fragments)
            throws IOException {
        CheckpointFormatException e = fails(SyntheticSnapshot.pickle(Map.of(path, edit)), fragments);
        assertEquals(path, e.objectPath());
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
        return e;
    }

    @Test
    void textIsNotAPickle() throws IOException {
        fails("not a pickle at all\n".getBytes(StandardCharsets.US_ASCII), "expected a network snapshot pickle", "6e 6f 74 20");
    }

    @Test
    void anEmptyFileIsNoSnapshot() throws IOException {
        fails(new byte[0], "an empty file");
    }

    @Test
    void aTruncatedSnapshotFailsWherEverItEnds() throws IOException {
        byte[] full = SyntheticSnapshot.pickle();
        for (double at : new double[] {0.01, 0.1, 0.33, 0.5, 0.77, 0.99}) {
            fails(Arrays.copyOf(full, (int) (full.length * at)), "snapshot pickle", "truncated");
        }
        fails(Arrays.copyOf(full, full.length - 1), "truncated"); // only STOP missing
    }

    @Test
    void aZipCheckpointIsReferredToTorchCheckpoint() throws IOException {
        byte[] zip = Files.readAllBytes(CheckpointFiles.fixture("stylegan2-ada/G_ema_state_dict.pt"));
        fails(zip, "zip", "TorchCheckpoint");
    }

    @Test
    void aPickleWithoutPersistentModulesIsRejectedListingItsKeys() throws IOException {
        CheckpointFormatException e = fails(SnapshotWriter.snapshot(Map.of("training_set_kwargs", Map.of("resolution", 32))),
                "persistent module", "training_set_kwargs");
        assertEquals("networks", e.field());
        fails(SnapshotWriter.snapshot(Map.of()), "persistent module", "an empty dict");
    }

    @Test
    void aTopLevelThatIsNoDictIsRejected() throws IOException {
        fails(new PickleWriter().proto(4).emptyList().stop().bytes(), "expected a dict at the top level", "a list of 0");
    }

    @Test
    void wrongMagicInAnEmbeddedTorchSave() throws IOException {
        CheckpointFormatException e = storageFails("G_ema.synthesis.b4.conv1.weight", blob -> {
            byte[] b = blob.clone();
            b[5] ^= 0x55; // inside the LONG1 magic number
            return b;
        }, "_load_from_bytes", "legacy torch.save", "magic number", "0x1950a86a20f9469cfc6c");
        assertEquals("storage", e.field());
    }

    @Test
    void aStorageShorterThanItsElementCount() throws IOException {
        storageFails("G_ema.mapping.fc3.bias", blob -> Arrays.copyOf(blob, blob.length - 4),
                "truncated", "expected 64 elements of F32");
    }

    @Test
    void aStorageWithoutItsData() throws IOException {
        // the 8-byte count and the elements (64 floats) are gone
        storageFails("G_ema.mapping.w_avg", blob -> Arrays.copyOf(blob, blob.length - 8 - 256),
                "truncated", "8-byte element count");
    }

    @Test
    void aStorageHoldingFewerElementsThanTheTensorNeeds() throws IOException {
        // a consistent byte string whose storage has 32 of the tensor's 64 elements
        storageFails("G_ema.mapping.w_avg", blob -> {
            byte[] head = Arrays.copyOf(blob, blob.length - 8 - 256);
            byte[] count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(32).array();
            byte[] data = Arrays.copyOfRange(blob, blob.length - 256, blob.length - 128);
            return concat(head, count, data);
        }, "storage size", "64 elements of F32");
    }

    @Test
    void anEmbeddedTorchSaveOfSomethingOtherThanAStorage() throws IOException {
        byte[] notAStorage = CheckpointFiles.legacyBytes(new PickleWriter().proto(2).integer(5).stop().bytes(), Map.of(),
                Map.of(), true);
        storageFails("G_ema.synthesis.b4.const", blob -> notAStorage, "expected the saved object to be a storage", "5");
    }

    @Test
    void anEmbeddedPlainPickleIsNotALegacyTorchSave() throws IOException {
        storageFails("G_ema.synthesis.b4.torgb.bias", blob -> new PickleWriter().proto(2).str("x").stop().bytes(),
                "magic number", "a plain pickle is not a torch.save");
    }

    @Test
    void aTensorWhoseStorageIsNotLoadFromBytesIsMalformed() throws IOException {
        byte[] pkl = new PickleWriter().proto(4).emptyDict().shortStr("G")
                .stackGlobal("torch_utils.persistence", "_reconstruct_persistent_obj").emptyDict().mark()
                .shortStr("type").shortStr("class").shortStr("class_name").shortStr("Generator")
                .shortStr("module_src").shortStr("# placeholder")
                .shortStr("state").emptyDict().shortStr("_parameters").emptyDict().shortStr("w")
                .stackGlobal("torch._utils", "_rebuild_tensor_v2").mark().str("not a storage").integer(0).tupleOf(1)
                .tupleOf(1).bool(false).orderedDict().tuple().reduce().setitem().setitem()
                .setitems().tuple1().reduce().setitem().stop().bytes();
        fails(pkl, "_rebuild_tensor_v2", "expected a storage");
    }

    @Test
    void aPersistentObjectWithoutAStateIsRejectedWithItsPath() throws IOException {
        byte[] pkl = new PickleWriter().proto(4).emptyDict().shortStr("G")
                .stackGlobal("torch_utils.persistence", "_reconstruct_persistent_obj").emptyDict().mark()
                .shortStr("type").shortStr("class").shortStr("class_name").shortStr("Generator")
                .shortStr("module_src").shortStr("# placeholder").setitems().tuple1().reduce().setitem().stop().bytes();
        CheckpointFormatException e = fails(pkl, "meta.state", "__dict__");
        assertEquals("G", e.objectPath());
    }

    @Test
    void aDamagedStorageInAnotherNetworkNamesThatNetworksPath() throws IOException {
        storageFails("D.weight", blob -> Arrays.copyOf(blob, blob.length - 1), "truncated");
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
