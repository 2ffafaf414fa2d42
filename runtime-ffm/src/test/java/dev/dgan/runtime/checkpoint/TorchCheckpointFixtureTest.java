package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.TensorEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native checkpoints of the parity fixtures (see checkpoint/README.md) against their
 * safetensors copies: same names, dtypes, shapes and bytes, tensor by tensor.
 *
 * <p>Documented differences: none of these checkpoints prefixes its names (the Lightning
 * {@code last.ckpt} keeps the bare {@code decoder.*} / {@code quantize.*} /
 * {@code post_quant_conv.*} names under "state_dict"), and the safetensors exports store
 * 0-dim tensors (StyleGAN2's {@code noise_strength}) as shape [1].
 */
@ExtendWith(NoTensorLeaks.class)
class TorchCheckpointFixtureTest {

    @Test
    void stylegan2StateDictZipEqualsSafetensors() throws IOException {
        compare("stylegan2-ada/G_ema_state_dict.pt", "stylegan2-ada/G_ema.safetensors", TorchCheckpoint.Format.ZIP, 87);
    }

    @Test
    void stylegan1GAllZipEqualsSafetensors() throws IOException {
        compare("stylegan1-datasetgan/g_all.pt", "stylegan1-datasetgan/g_all.safetensors", TorchCheckpoint.Format.ZIP, 61);
    }

    @Test
    void bigganLegacyNonZipBinEqualsSafetensors() throws IOException {
        compare("biggan-deep/native/pytorch_model.bin", "biggan-deep/model.safetensors", TorchCheckpoint.Format.LEGACY, 314);
    }

    @Test
    void vqganLightningCkptEqualsSafetensors() throws IOException {
        compare("vqgan-decoder/last.ckpt", "vqgan-decoder/vq_decoder.safetensors", TorchCheckpoint.Format.ZIP, 109);
    }

    @Test
    void lightningCheckpointKeepsItsOtherEntriesAndTreePaths() throws IOException {
        try (TorchCheckpoint ck = TorchCheckpoint.read(fixture("vqgan-decoder/last.ckpt"))) {
            Map<?, ?> top = assertInstanceOf(Map.class, ck.root());
            assertEquals(List.of("state_dict", "epoch", "global_step"), List.copyOf(top.keySet().stream().map(String::valueOf).toList()));
            assertEquals(0, ((Number) top.get("epoch")).intValue());
            assertEquals(0, ((Number) top.get("global_step")).intValue());
            assertTrue(ck.tensors().containsKey("state_dict.decoder.conv_in.weight"), ck.tensors().keySet().toString());
            assertEquals(109, ck.tensors().size());
            StoredTensor w = ck.tensors().get("state_dict.decoder.conv_in.weight");
            assertSame(w, ck.stateDict().get("decoder.conv_in.weight"));
            assertSame(w, ck.stateDict("state_dict").get("decoder.conv_in.weight"));
            assertArrayEquals(new long[] {64, 16, 3, 3}, w.shape());
            assertEquals(DType.F32, w.dtype());
            // The state dict's _metadata attribute (set by BUILD on the OrderedDict) is kept beside it.
            Map<?, ?> state = assertInstanceOf(Map.class, ck.extraState(top.get("state_dict")));
            assertTrue(state.containsKey("_metadata"));
        }
    }

    @Test
    void staticStateDictLoadsEveryTensorAndClosesTheFile() throws IOException {
        Map<String, Tensor> sd = TorchCheckpoint.stateDict(fixture("stylegan1-datasetgan/g_all.pt"));
        try (SafetensorsFile st = SafetensorsFile.open(fixture("stylegan1-datasetgan/g_all.safetensors"))) {
            assertEquals(new TreeSet<>(st.names()), new TreeSet<>(sd.keySet()));
            for (Map.Entry<String, Tensor> e : sd.entrySet()) {
                TensorEntry ref = st.get(e.getKey());
                assertArrayEquals(ref.shape(), e.getValue().shape(), e.getKey());
                assertArrayEquals(ref.data().toArray(ValueLayout.JAVA_BYTE), e.getValue().data().toArray(ValueLayout.JAVA_BYTE), e.getKey());
            }
        } finally {
            sd.values().forEach(Tensor::close);
        }
    }

    @Test
    void tensorsLoadedInsideAScopeAreFreedWithIt() throws IOException {
        try (TorchCheckpoint ck = TorchCheckpoint.read(fixture("stylegan2-ada/G_ema_state_dict.pt"))) {
            try (TensorScope scope = TensorScope.open()) {
                Map<String, Tensor> all = ck.loadAll(ck.stateDict());
                assertEquals(87, all.size());
                assertEquals(87, scope.liveCount());
            }
        }
    }

    private void compare(String checkpoint, String safetensors, TorchCheckpoint.Format format, int count) throws IOException {
        Path file = fixture(checkpoint);
        try (TorchCheckpoint ck = TorchCheckpoint.read(file); SafetensorsFile st = SafetensorsFile.open(fixture(safetensors))) {
            assertEquals(format, ck.format());
            Map<String, StoredTensor> sd = ck.stateDict();
            assertEquals(count, sd.size());
            assertEquals(new TreeSet<>(st.names()), new TreeSet<>(sd.keySet()), "tensor names");
            for (Map.Entry<String, StoredTensor> e : sd.entrySet()) {
                String name = e.getKey();
                TensorEntry ref = st.get(name);
                StoredTensor stored = e.getValue();
                assertEquals(ref.dtype(), stored.dtype(), name);
                try (Tensor t = ck.load(stored)) {
                    assertEquals(ref.dtype(), t.dtype(), name);
                    assertArrayEquals(stored.shape(), t.shape(), name);
                    if (stored.rank() == 0) {
                        assertArrayEquals(new long[] {1}, ref.shape(), name + ": the export stores 0-dim tensors as [1]");
                    } else {
                        assertArrayEquals(ref.shape(), t.shape(), name);
                    }
                    assertArrayEquals(ref.data().toArray(ValueLayout.JAVA_BYTE), t.data().toArray(ValueLayout.JAVA_BYTE),
                            name + ": bytes");
                }
            }
        }
    }
}
