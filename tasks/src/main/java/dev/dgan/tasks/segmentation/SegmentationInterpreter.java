package dev.dgan.tasks.segmentation;

import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.tasks.mlp.EnsembleForward;
import dev.dgan.tasks.mlp.FusedEnsemble;
import dev.dgan.tasks.mlp.MlpEnsemble;
import dev.dgan.tasks.mlp.ModelFiles;
import dev.dgan.tasks.mlp.NaiveEnsemble;
import dev.dgan.tasks.mlp.TaskOptions;
import dev.dgan.tasks.uncertainty.ImageScore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Labels feature maps with the trained ensemble: majority vote per pixel, JS divergence, image score. */
public final class SegmentationInterpreter implements Interpreter {

    private final ModelFiles.Header header;
    private final MlpEnsemble ensemble;
    private final Device device;
    private final ImageScore score;
    private EnsembleForward forward;

    SegmentationInterpreter(ModelFiles.Header header, MlpEnsemble ensemble, Device device) {
        this.header = header;
        this.ensemble = ensemble;
        this.device = device;
        this.score = score(new TaskOptions(SegmentationTask.NAME, header.options(), SegmentationTrainer.OPTIONS));
        this.forward = new FusedEnsemble(ensemble, header.layout(), device);
    }

    static ImageScore score(TaskOptions options) {
        return ImageScore.parse(options.string("score", "top:0.1"));
    }

    /** Switches to the naive reference path (upsample + concat + per-pixel MLPs), for comparison. */
    public void useNaivePath(int pixelsPerPass) {
        forward.close();
        forward = new NaiveEnsemble(ensemble, header.layout(), device, pixelsPerPass);
    }

    @Override
    public String task() {
        return SegmentationTask.NAME;
    }

    @Override
    public List<String> labels() {
        return header.labels();
    }

    @Override
    public List<FeatureTap> taps() {
        return header.layout().taps();
    }

    @Override
    public int width() {
        return header.layout().width();
    }

    @Override
    public int height() {
        return header.layout().height();
    }

    /** Labels plus the per-pixel divergence map of one sample, for callers that want the map itself. */
    public record Detailed(Labeled.Segmentation result, float[] divergence) {}

    @Override
    public List<Labeled> label(Map<String, Tensor> taps) {
        List<Labeled> out = new ArrayList<>();
        for (Detailed d : labelDetailed(taps)) out.add(d.result());
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

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.save(dir, header, ensemble);
    }

    @Override
    public void close() {
        forward.close();
        ensemble.close();
    }
}
