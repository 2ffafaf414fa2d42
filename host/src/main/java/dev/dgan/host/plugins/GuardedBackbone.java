package dev.dgan.host.plugins;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.ImageEncoder;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Tensor;

import java.util.Optional;
import java.util.OptionalDouble;

/** A loaded backbone whose every call is guarded (see {@link PluginGuard}); one method per method, nothing else. */
final class GuardedBackbone implements Backbone {

    private final Backbone delegate;
    private final PluginGuard guard;

    GuardedBackbone(Backbone delegate, PluginGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public BackboneInfo info() {
        return guard.nonNull("info", guard.call("info", delegate::info), "a BackboneInfo");
    }

    @Override
    public Latents sample(SampleRequest request) {
        return guard.nonNull("sample", guard.call("sample", () -> delegate.sample(request)), "one latent per seed");
    }

    @Override
    public Tensor synthesize(Latents latents, FeatureSink taps) {
        // the sink is the host's code: what it throws is the host's failure, not the plugin's
        HostCallbacks host = new HostCallbacks();
        Tensor image = guard.call("synthesize", host, () -> delegate.synthesize(latents, host.watch(taps)));
        return guard.nonNull("synthesize", image, "the image [N, C, H, W]");
    }

    @Override
    public Tensor synthesize(Latents latents) {
        return guard.nonNull("synthesize", guard.call("synthesize", () -> delegate.synthesize(latents)),
                "the image [N, C, H, W]");
    }

    @Override
    public Optional<ImageEncoder> encoder() {
        Optional<ImageEncoder> encoder = guard.nonNull("encoder", guard.call("encoder", delegate::encoder),
                "an encoder or Optional.empty()");
        return encoder.map(e -> (images, classIds) ->
                guard.nonNull("encode", guard.call("encode", () -> e.encode(images, classIds)), "one latent per image"));
    }

    @Override
    public void close() {
        guard.run("close", delegate::close);
    }

    @Override
    public OptionalDouble flopsPerImage() {
        return guard.nonNull("flopsPerImage", guard.call("flopsPerImage", delegate::flopsPerImage), "a count or OptionalDouble.empty()");
    }
}
