package dev.dgan.tasks.segmentation;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.mlp.MlpEnsemble;
import dev.dgan.tasks.mlp.MlpInterpreter;
import dev.dgan.tasks.mlp.ModelFiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Labels feature maps with the trained ensemble: majority vote per pixel, JS divergence, image score. */
public final class SegmentationInterpreter extends MlpInterpreter {

    SegmentationInterpreter(ModelFiles.Header header, MlpEnsemble ensemble, Device device, Precision precision) {
        super(header, ensemble, device, precision, SegmentationTrainer.OPTIONS);
    }

    /** Labels plus the per-pixel divergence map of one sample, for callers that want the map itself. */
    public record Detailed(Labeled.Segmentation result, float[] divergence) {}

    @Override
    public List<Labeled> label(Map<String, Tensor> taps) {
        List<Labeled> out = new ArrayList<>();
        for (Detailed d : labelDetailed(taps)) out.add(d.result());
        return out;
    }

    @Override
    public List<Labeled.WithPixelUncertainty> labelWithUncertainty(Map<String, Tensor> taps) {
        List<Labeled.WithPixelUncertainty> out = new ArrayList<>();
        for (Detailed d : labelDetailed(taps)) out.add(new Labeled.WithPixelUncertainty(d.result(), d.divergence()));
        return out;
    }

    public List<Detailed> labelDetailed(Map<String, Tensor> taps) {
        long batch = header.layout().checkBatch(taps);
        List<Detailed> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            try (EnsembleVote vote = new EnsembleVote(header.labels().size(), width(), height(), device)) {
                forward.run(taps, b, vote);
                EnsembleVote.Result r = vote.finish(forward.models());
                LabelMap labels = new LabelMap(width(), height(), r.labels());
                out.add(new Detailed(new Labeled.Segmentation(labels, score.score(r.divergence())), r.divergence()));
            }
        }
        return out;
    }
}
