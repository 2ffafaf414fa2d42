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
        if (!Files.isRegularFile(checkpoint)) throw new IOException("checkpoint " + checkpoint + " does not exist");
        if (config != null && !Files.isRegularFile(config)) throw new IOException("config " + config + " does not exist");
        return registry.backbone(name).load(BackboneSource.of(checkpoint, config), device);
    }

    SampleManifest.Backbone describe(BackboneInfo info) throws IOException {
        return new SampleManifest.Backbone(info.name(), info.variant(), checkpoint.toAbsolutePath().toString(),
                SampleCommand.sha256(checkpoint), config == null ? null : config.toAbsolutePath().toString(), info.resolution(),
                info.zDim(), info.wDim(), info.numWs(), info.taps().stream().map(FeatureTap::name).toList());
    }
}
