package dev.dgan.runtime.checkpoint;

import dev.dgan.runtime.checkpoint.SnapshotWriter.Data;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Easy;
import dev.dgan.runtime.checkpoint.SnapshotWriter.Module;
import dev.dgan.runtime.checkpoint.SnapshotWriter.NumpyF64;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.TensorEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.dgan.runtime.checkpoint.CheckpointFiles.fixture;

/**
 * A small StyleGAN2-ADA generator in the snapshot format, from the tensors of the committed
 * {@code stylegan2-ada/G_ema.safetensors}: the mapping network (fc7 as a plain torch.nn.Linear
 * instead of a persistent layer) and synthesis block b4, with a non-persistent buffer, a None
 * parameter and a None child added.
 */
final class SyntheticSnapshot {

    /** The state dict PyTorch gives for the generator: per module parameters, buffers, then children. */
    static final List<String> STATE_DICT = List.of(
            "synthesis.b4.const", "synthesis.b4.resample_filter",
            "synthesis.b4.conv1.weight", "synthesis.b4.conv1.noise_strength", "synthesis.b4.conv1.bias",
            "synthesis.b4.conv1.resample_filter", "synthesis.b4.conv1.noise_const",
            "synthesis.b4.conv1.affine.weight", "synthesis.b4.conv1.affine.bias",
            "synthesis.b4.torgb.weight", "synthesis.b4.torgb.bias",
            "synthesis.b4.torgb.affine.weight", "synthesis.b4.torgb.affine.bias",
            "mapping.w_avg",
            "mapping.fc0.weight", "mapping.fc0.bias", "mapping.fc1.weight", "mapping.fc1.bias",
            "mapping.fc2.weight", "mapping.fc2.bias", "mapping.fc3.weight", "mapping.fc3.bias",
            "mapping.fc4.weight", "mapping.fc4.bias", "mapping.fc5.weight", "mapping.fc5.bias",
            "mapping.fc6.weight", "mapping.fc6.bias", "mapping.fc7.weight", "mapping.fc7.bias");

    private final Map<String, Data> tensors = new LinkedHashMap<>();

    private SyntheticSnapshot() {
        try (SafetensorsFile st = SafetensorsFile.open(fixture("stylegan2-ada/G_ema.safetensors"))) {
            for (String name : STATE_DICT) {
                TensorEntry e = st.get(name);
                // The safetensors export stores the 0-dim noise_strength as [1]; the module holds it 0-dim.
                long[] shape = name.endsWith("noise_strength") ? new long[0] : e.shape();
                tensors.put(name, new Data(shape, e.data().toArray(ValueLayout.JAVA_BYTE)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The safetensors bytes of state-dict entry {@code name}. */
    static byte[] bytes(String name) {
        return new SyntheticSnapshot().tensors.get(name).bytes();
    }

    /** {'training_set_kwargs': ..., 'G_ema': generator, 'D': a one-layer discriminator, 'augment_pipe': None}. */
    static byte[] pickle() {
        return pickle(Map.of());
    }

    /** As {@link #pickle()}, with changes to the embedded torch.save bytes of tensors by path (e.g. {@code G_ema.mapping.w_avg}). */
    static byte[] pickle(Map<String, UnaryOperator<byte[]>> blobEdits) {
        return SnapshotWriter.snapshot(top(new SyntheticSnapshot().generator()), blobEdits);
    }

    static Map<String, Object> top(Module generator) {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("class_name", "training.dataset.ImageFolderDataset");
        dataset.put("path", "fixture.zip");
        dataset.put("max_size", null);
        dataset.put("resolution", 32);
        top.put("training_set_kwargs", dataset);
        top.put("G_ema", generator);
        Module d = new Module("Discriminator");
        d.parameters.put("weight", new Data(new long[] {2, 2}, CheckpointFiles.f32(1, 2, 3, 4)));
        d.initKwargs = Map.of("c_dim", 0, "epilogue_kwargs", new Easy(Map.of("mbstd_group_size", 4)));
        top.put("D", d);
        top.put("augment_pipe", null);
        return top;
    }

    Module generator() {
        Module g = new Module("Generator");
        g.parameters.put("unused", null);
        g.children.put("synthesis", synthesis());
        g.children.put("mapping", mapping());
        g.children.put("none_child", null);
        g.attributes.put("z_dim", 64);
        g.attributes.put("num_ws", 8);
        Map<String, Object> kw = new LinkedHashMap<>();
        kw.put("z_dim", 64);
        kw.put("w_dim", 64);
        kw.put("mapping_kwargs", new Easy(Map.of("num_layers", 8)));
        Map<String, Object> synthesis = new LinkedHashMap<>();
        synthesis.put("channel_base", 512);
        synthesis.put("channel_max", 32);
        synthesis.put("num_fp16_res", 4);
        synthesis.put("conv_clamp", 256);
        kw.put("synthesis_kwargs", new Easy(synthesis));
        kw.put("c_dim", 0);
        kw.put("img_resolution", 32);
        kw.put("img_channels", 3);
        g.initKwargs = kw;
        return g;
    }

    private Module mapping() {
        Module m = new Module("MappingNetwork");
        m.buffers.put("w_avg", tensors.get("mapping.w_avg"));
        // Not in the reference: a buffer registered with persistent=False, which state_dict() leaves out.
        m.buffers.put("w_avg_shadow", tensors.get("mapping.w_avg"));
        m.nonPersistent.add("w_avg_shadow");
        for (int i = 0; i < 8; i++) {
            String p = "mapping.fc" + i + ".";
            Module fc = i == 7 ? new Module("Linear", "torch.nn.modules.linear") : new Module("FullyConnectedLayer");
            fc.parameters.put("weight", tensors.get(p + "weight"));
            fc.parameters.put("bias", tensors.get(p + "bias"));
            if (i < 7) {
                fc.attributes.put("activation", "lrelu");
                fc.attributes.put("weight_gain", new NumpyF64(0.01 / 8));
                fc.attributes.put("bias_gain", 0.01);
                fc.initArgs = List.of(64, 64);
                fc.initKwargs = Map.of("activation", "lrelu", "lr_multiplier", 0.01);
            } else {
                fc.attributes.put("in_features", 64);
                fc.attributes.put("out_features", 64);
            }
            m.children.put("fc" + i, fc);
        }
        m.attributes.put("w_avg_beta", 0.995);
        m.initKwargs = Map.of("z_dim", 64, "c_dim", 0, "w_dim", 64, "num_ws", 8, "num_layers", 8);
        return m;
    }

    private Module synthesis() {
        Module b4 = new Module("SynthesisBlock");
        b4.parameters.put("const", tensors.get("synthesis.b4.const"));
        b4.buffers.put("resample_filter", tensors.get("synthesis.b4.resample_filter"));
        Module conv1 = layer("synthesis.b4.conv1.", "SynthesisLayer");
        conv1.buffers.put("resample_filter", tensors.get("synthesis.b4.conv1.resample_filter"));
        conv1.buffers.put("noise_const", tensors.get("synthesis.b4.conv1.noise_const"));
        b4.children.put("conv1", conv1);
        b4.children.put("torgb", layer("synthesis.b4.torgb.", "ToRGBLayer"));
        b4.initArgs = List.of(0, 32);
        Module s = new Module("SynthesisNetwork");
        s.children.put("b4", b4);
        s.attributes.put("block_resolutions", List.of(4));
        return s;
    }

    private Module layer(String prefix, String className) {
        Module layer = new Module(className);
        layer.parameters.put("weight", tensors.get(prefix + "weight"));
        if (tensors.containsKey(prefix + "noise_strength")) layer.parameters.put("noise_strength", tensors.get(prefix + "noise_strength"));
        layer.parameters.put("bias", tensors.get(prefix + "bias"));
        Module affine = new Module("FullyConnectedLayer");
        affine.parameters.put("weight", tensors.get(prefix + "affine.weight"));
        affine.parameters.put("bias", tensors.get(prefix + "affine.bias"));
        affine.initKwargs = Map.of("bias_init", 1);
        layer.children.put("affine", affine);
        return layer;
    }

    /** Names of the state dict with a prefix, e.g. {@code G_ema.}. */
    static List<String> prefixed(String prefix) {
        List<String> out = new ArrayList<>();
        for (String n : STATE_DICT) out.add(prefix + n);
        return out;
    }
}
