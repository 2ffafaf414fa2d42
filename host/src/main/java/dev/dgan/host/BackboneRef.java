package dev.dgan.host;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.BackboneSource;
import dev.dgan.api.FeatureTap;
import dev.dgan.host.plugins.PluginRegistry;
import dev.dgan.host.sample.SampleManifest;
import dev.dgan.runtime.Device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which generator to load: backbone name, checkpoint and optional config. */
record BackboneRef(String name, Path checkpoint, Path config) {

    /** The small StyleGAN2 shipped in the install's demo/ folder. */
    static BackboneRef bundledDemo() {
        Path demo = BundledDemo.directory();
        return new BackboneRef("stylegan2", demo.resolve("G_ema.safetensors"), demo.resolve("config.json"));
    }

    Backbone load(PluginRegistry registry, Device device) throws IOException {
        requireFiles();
        return registry.backbone(name).load(BackboneSource.of(checkpoint, config), device);
    }

    /** The checkpoint's SHA-256 (hex), after checking it exists. */
    String sha256() throws IOException {
        requireFiles();
        return SampleCommand.sha256(checkpoint);
    }

    private void requireFiles() throws IOException {
        if (!Files.isRegularFile(checkpoint)) throw new IOException("checkpoint " + checkpoint + " does not exist");
        if (config != null && !Files.isRegularFile(config)) throw new IOException("config " + config + " does not exist");
    }

    SampleManifest.Backbone describe(BackboneInfo info) throws IOException {
        return describe(info, SampleCommand.sha256(checkpoint));
    }

    /** As {@link #describe(BackboneInfo)}, with the checkpoint's SHA-256 already computed (large checkpoints take seconds). */
    SampleManifest.Backbone describe(BackboneInfo info, String sha256) {
        return new SampleManifest.Backbone(info.name(), info.variant(), checkpoint.toAbsolutePath().toString(),
                sha256, config == null ? null : config.toAbsolutePath().toString(), info.resolution(),
                info.zDim(), info.wDim(), info.numWs(), info.taps().stream().map(FeatureTap::name).toList());
    }
}
