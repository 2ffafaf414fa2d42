package dev.dgan.host.label;

import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleId;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.host.io.ImageFiles;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Backbone then interpreter for one batch of samples: each sample's identity, its image pixels
 * and what the task made of it. Stage times go to "backbone" (synthesis with the taps copied out) and
 * "interpreter" (labels, vote and uncertainty in the same fused pass).
 */
public final class LabelPipeline {

    /** One labeled sample: who it is, its RGB (or grey) bytes in HWC order and the task's result. */
    public record Rendered(SampleId id, byte[] pixels, int width, int height, int channels, Labeled labeled) {}

    private final Backbone backbone;
    private final Interpreter interpreter;
    private final Device device;
    private final StageTimes times;

    public LabelPipeline(Backbone backbone, Interpreter interpreter, Device device, StageTimes times) {
        this.backbone = backbone;
        this.interpreter = interpreter;
        this.device = device;
        this.times = times;
        int res = backbone.info().resolution();
        if (interpreter.width() != res || interpreter.height() != res)
            throw new IllegalArgumentException("the model labels " + interpreter.width() + "x" + interpreter.height()
                    + " images, the backbone renders " + res + "x" + res);
        List<String> offered = backbone.info().taps().stream().map(FeatureTap::name).toList();
        for (FeatureTap t : interpreter.taps()) {
            FeatureTap have = backbone.info().taps().stream().filter(x -> x.name().equals(t.name())).findFirst().orElse(null);
            if (have == null) throw new IllegalArgumentException("the model reads tap " + t.name() + ", the backbone offers " + offered);
            if (!have.equals(t))
                throw new IllegalArgumentException("the model reads tap " + t + ", the backbone's is " + have + " (another checkpoint?)");
        }
    }

    /** Draws the request's latents, renders and labels them; results in the request's order. */
    public List<Rendered> run(SampleRequest request) throws Exception {
        try (TensorScope scope = TensorScope.open();
             Latents latents = backbone.sample(request);
             TapCollector taps = new TapCollector(interpreter.taps().stream().map(FeatureTap::name).collect(Collectors.toSet()), device)) {
            Tensor pixels = times.time("backbone", () -> ImageFiles.toPixels(backbone.synthesize(latents, taps)));
            List<Labeled> labeled = times.time("interpreter", () -> interpreter.label(taps.maps()));
            if (labeled.size() != request.count())
                throw new IllegalStateException("the interpreter labeled " + labeled.size() + " samples of a batch of " + request.count());
            times.countImages("backbone", labeled.size());
            times.countImages("interpreter", labeled.size());
            long[] nhwc = pixels.shape();
            byte[] all = pixels.cpu().toByteArray();
            int per = (int) (nhwc[1] * nhwc[2] * nhwc[3]);
            List<Rendered> out = new ArrayList<>();
            for (int i = 0; i < labeled.size(); i++) {
                byte[] one = new byte[per];
                System.arraycopy(all, i * per, one, 0, per);
                out.add(new Rendered(request.samples().get(i), one, (int) nhwc[2], (int) nhwc[1], (int) nhwc[3], labeled.get(i)));
            }
            return out;
        }
    }
}
