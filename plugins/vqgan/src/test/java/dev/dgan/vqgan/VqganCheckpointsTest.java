package dev.dgan.vqgan;

import dev.dgan.api.BackboneSource;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config discovery (taming's run layout, YAML and JSON), combined checkpoints and error messages. */
@ExtendWith(NoTensorLeaks.class)
class VqganCheckpointsTest {

    /** A Net2NetTransformer model YAML as taming writes it (trimmed to what is read, plus a few keys that are not). */
    static final String NET2NET_YAML = """
            model:
              base_learning_rate: 4.5e-06
              target: taming.models.cond_transformer.Net2NetTransformer
              params:
                cond_stage_key: class_label
                transformer_config:
                  target: taming.modules.transformer.mingpt.GPT
                  params:
                    vocab_size: 32
                    block_size: 64
                    n_layer: 8
                    n_head: 2
                    n_embd: 32
                first_stage_config:
                  target: taming.models.vqgan.VQModel
                  params:
                    embed_dim: 8
                    n_embed: 32
                    ddconfig:
                      double_z: false
                      z_channels: 8
                      resolution: 16
                      in_channels: 3
                      out_ch: 3
                      ch: 32
                      ch_mult: [1, 1]
                      num_res_blocks: 1
                      attn_resolutions: [8]
                      dropout: 0.0
                    lossconfig:
                      target: taming.modules.losses.vqperceptual.DummyLoss
                cond_stage_config:
                  target: taming.modules.util.Labelator
                  params:
                    n_classes: 10
            """;

    static void writeRandom(Path file, Map<String, Tensor> sd) throws IOException {
        List<TensorData> data = new ArrayList<>();
        for (var e : sd.entrySet()) {
            Tensor t = e.getValue();
            data.add(new TensorData(e.getKey(), t.dtype(), t.shape(), t.data()));
        }
        SafetensorsWriter.write(file, data, Map.of());
    }

    @Test
    void combinedCheckpointWithTheRunYamlInConfigs(@TempDir Path dir) throws IOException {
        Path run = dir.resolve("logs/run");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.createDirectories(run.resolve("configs"));
        Files.writeString(run.resolve("configs/2021-01-01T00-00-00-project.yaml"), NET2NET_YAML);
        Path ckpt = run.resolve("checkpoints/last.safetensors");
        Map<String, Tensor> sd = VqganRandomWeights.stateDict(VqganBackboneTest.SMALL, Optional.of(VqganBackboneTest.SMALL_GPT), 1);
        try {
            writeRandom(ckpt, sd);
        } finally {
            sd.values().forEach(Tensor::close);
        }
        try (VqganBackbone b = VqganCheckpoints.load(BackboneSource.of(ckpt), Device.CPU)) {
            assertEquals(VqganBackboneTest.SMALL, b.config());
            assertEquals(VqganBackboneTest.SMALL_GPT, b.transformer().orElseThrow().config());
            assertTrue(b.firstStage().hasEncoder());
            assertEquals(10, ((dev.dgan.api.Conditioning.ClassLabels) b.info().conditioning()).classes());
        }
    }

    @Test
    void theTransformerFixtureAloneIsNoBackboneButLoadsAsAModel() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> VqganCheckpoints.load(
                BackboneSource.of(Fixture.file("vqgan-transformer", "last.ckpt")), Device.CPU));
        assertTrue(e.getMessage().contains("no VQGAN first stage"), e.getMessage());
    }

    @Test
    void aWrongShapeNamesTheFileTheKeyAndTheExpectedShape(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.safetensors");
        Map<String, Tensor> sd = VqganRandomWeights.stateDict(VqganBackboneTest.SMALL, Optional.empty(), 1);
        try {
            sd.put("first_stage_model.decoder.conv_in.weight", Ops.zeros(dev.dgan.runtime.DType.F32, Device.CPU, 32, 8, 1, 1))
                    .close();
            writeRandom(file, sd);
        } finally {
            sd.values().forEach(Tensor::close);
        }
        Path config = dir.resolve("model.yaml");
        Files.writeString(config, NET2NET_YAML);
        var e = assertThrows(IllegalArgumentException.class,
                () -> VqganCheckpoints.load(BackboneSource.of(file, config), Device.CPU));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("first_stage_model.decoder.conv_in.weight: expected shape [32, 8, 3, 3]"),
                e.getMessage());
    }

    @Test
    void noConfigAnywhereSaysWhatToPass(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("last.ckpt");
        Files.copy(Fixture.file("vqgan-decoder", "last.ckpt"), ckpt);
        var e = assertThrows(IllegalArgumentException.class, () -> VqganCheckpoints.load(BackboneSource.of(ckpt), Device.CPU));
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }
}
