package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot written in the test (see {@link SyntheticSnapshot}) with the structure of NVIDIA's:
 * read back, it must give PyTorch's state-dict names and order, the committed safetensors
 * fixture's bytes, and the constructor arguments as plain values.
 */
@ExtendWith(NoTensorLeaks.class)
class NvidiaSnapshotTest {

    @TempDir
    Path dir;

    private NvidiaSnapshot read() throws IOException {
        return NvidiaSnapshot.read(Files.write(dir.resolve("network-snapshot.pkl"), SyntheticSnapshot.pickle()));
    }

    @Test
    void networksAreThePersistentTopLevelValuesAndTheRestIsPlainData() throws IOException {
        NvidiaSnapshot s = read();
        assertEquals(List.of("G_ema", "D"), List.copyOf(s.networks()));
        assertEquals(Set.of("training_set_kwargs", "augment_pipe"), s.data().keySet());
        Map<?, ?> dataset = assertInstanceOf(Map.class, s.data().get("training_set_kwargs"));
        assertEquals("training.dataset.ImageFolderDataset", dataset.get("class_name"));
        assertEquals(32L, dataset.get("resolution"));
        assertTrue(dataset.containsKey("max_size"));
        assertNull(dataset.get("max_size"));
        assertNull(s.data().get("augment_pipe"));
        assertEquals("Discriminator", s.network("D").className());
        assertEquals(Map.of("mbstd_group_size", 4L), s.network("D").initKwargs().get("epilogue_kwargs"));
    }

    @Test
    void stateDictHasPyTorchsNamesAndOrder() throws IOException {
        SnapshotModule g = read().network("G_ema");
        assertEquals(SyntheticSnapshot.STATE_DICT, List.copyOf(g.stateDict().keySet()));
    }

    @Test
    void stateDictOrderIsTheReferenceStateDictsOrder() throws IOException {
        // The hand-written order against torch.save(G_ema.state_dict()) of the reference, restricted to the same tensors.
        try (TorchCheckpoint pt = TorchCheckpoint.read(CheckpointFiles.fixture("stylegan2-ada/G_ema_state_dict.pt"))) {
            List<String> reference = pt.stateDict().keySet().stream().filter(SyntheticSnapshot.STATE_DICT::contains).toList();
            assertEquals(reference, SyntheticSnapshot.STATE_DICT);
        }
    }

    @Test
    void loadedTensorsEqualTheSafetensorsBytes() throws IOException {
        SnapshotModule g = read().network("G_ema");
        try (TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> sd = g.loadStateDict();
            assertEquals(SyntheticSnapshot.STATE_DICT, List.copyOf(sd.keySet()));
            for (Map.Entry<String, Tensor> e : sd.entrySet()) {
                assertEquals(DType.F32, e.getValue().dtype(), e.getKey());
                assertArrayEquals(SyntheticSnapshot.bytes(e.getKey()), e.getValue().data().toArray(ValueLayout.JAVA_BYTE), e.getKey());
            }
            assertArrayEquals(new long[0], sd.get("synthesis.b4.conv1.noise_strength").shape());
            assertArrayEquals(new long[] {32, 4, 4}, sd.get("synthesis.b4.const").shape());
            assertEquals(SyntheticSnapshot.STATE_DICT.size(), scope.liveCount());
        }
    }

    @Test
    void initKwargsArePlainJavaValues() throws IOException {
        SnapshotModule g = read().network("G_ema");
        Map<String, Object> kw = g.initKwargs();
        assertEquals(List.of("z_dim", "w_dim", "mapping_kwargs", "synthesis_kwargs", "c_dim", "img_resolution", "img_channels"),
                List.copyOf(kw.keySet()));
        assertEquals(64L, kw.get("z_dim"));
        assertEquals(Map.of("num_layers", 8L), kw.get("mapping_kwargs"));
        assertEquals(List.of("channel_base", "channel_max", "num_fp16_res", "conv_clamp"),
                List.copyOf(((Map<?, ?>) kw.get("synthesis_kwargs")).keySet()));
        assertEquals(Map.of("channel_base", 512L, "channel_max", 32L, "num_fp16_res", 4L, "conv_clamp", 256L),
                kw.get("synthesis_kwargs"));
        assertEquals(List.of(), g.initArgs());
        assertThrows(UnsupportedOperationException.class, () -> kw.put("z_dim", 1));
    }

    @Test
    void modulesExposeClassesAttributesAndChildren() throws IOException {
        SnapshotModule g = read().network("G_ema");
        assertEquals("Generator", g.className());
        assertEquals("G_ema", g.path());
        assertTrue(g.isPersistent());
        assertEquals(SnapshotWriter.PLACEHOLDER_SOURCE.length(), g.moduleSourceLength());
        assertTrue(g.moduleName().isEmpty());
        assertEquals(List.of("synthesis", "mapping"), List.copyOf(g.children().keySet()), "the None child is left out");
        assertEquals(Set.of(), g.parameters().keySet(), "the None parameter is left out");
        assertEquals(Map.of("z_dim", 64L, "num_ws", 8L), g.attributes());

        SnapshotModule mapping = g.child("mapping");
        assertEquals("G_ema.mapping", mapping.path());
        assertEquals(0.995, (Double) mapping.attributes().get("w_avg_beta"), 0.0);
        assertEquals(List.of("w_avg", "w_avg_shadow"), List.copyOf(mapping.buffers().keySet()));
        assertEquals(Set.of("w_avg_shadow"), mapping.nonPersistentBuffers());
        assertFalse(g.stateDict().containsKey("mapping.w_avg_shadow"));

        SnapshotModule fc0 = g.child("mapping.fc0");
        assertEquals("FullyConnectedLayer", fc0.className());
        assertEquals(0.01 / 8, (Double) fc0.attributes().get("weight_gain"), 0.0, "numpy float64 scalar");
        assertEquals("lrelu", fc0.attributes().get("activation"));
        assertEquals(List.of(64L, 64L), fc0.initArgs());
        assertEquals(Map.of("activation", "lrelu", "lr_multiplier", 0.01), fc0.initKwargs());

        SnapshotModule fc7 = mapping.children().get("fc7");
        assertEquals("Linear", fc7.className());
        assertEquals("torch.nn.modules.linear", fc7.moduleName().orElseThrow());
        assertFalse(fc7.isPersistent());
        assertEquals(-1, fc7.moduleSourceLength());
        assertEquals(Map.of("in_features", 64L, "out_features", 64L), fc7.attributes());
        assertEquals(Map.of(), fc7.initKwargs());

        SnapshotModule conv1 = g.child("synthesis.b4.conv1");
        assertEquals("SynthesisLayer", conv1.className());
        assertEquals(List.of("weight", "noise_strength", "bias"), List.copyOf(conv1.parameters().keySet()));
        assertEquals(List.of("resample_filter", "noise_const"), List.copyOf(conv1.buffers().keySet()));
        assertEquals(List.of(4L), g.child("synthesis").attributes().get("block_resolutions"));
        assertEquals(List.of("conv1.weight", "conv1.noise_strength"),
                g.child("synthesis.b4").stateDict().keySet().stream().skip(2).limit(2).toList(), "relative names below a child");
        assertThrows(java.util.NoSuchElementException.class, () -> g.child("mapping.fc9"));
    }

    @Test
    void aMissingNetworkNamesTheFileTheKeyAndTheNetworksPresent() throws IOException {
        NvidiaSnapshot s = read();
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> s.network("G"));
        assertEquals("G", e.objectPath());
        assertTrue(e.getMessage().contains(s.file().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("[G_ema, D]"), e.getMessage());
        CheckpointFormatException data = assertThrows(CheckpointFormatException.class, () -> s.network("augment_pipe"));
        assertTrue(data.getMessage().contains("not a persistent module"), data.getMessage());
    }
}
