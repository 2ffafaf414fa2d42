package dev.dgan.tasks.keypoints;

import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.MlpEnsemble;
import dev.dgan.tasks.mlp.MlpInterpreter;
import dev.dgan.tasks.mlp.ModelFiles;
import dev.dgan.tasks.mlp.TileSink;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Averages the ensemble's heatmaps and finds each keypoint's peak. The uncertainty map is the
 * ensemble's per-pixel variance summed over keypoints (disagreement about where the heat is),
 * turned into an image score the same way as for segmentation.
 */
public final class KeypointInterpreter extends MlpInterpreter {

    KeypointInterpreter(ModelFiles.Header header, MlpEnsemble ensemble, Device device, Precision precision) {
        super(header, ensemble, device, precision, KeypointTrainer.OPTIONS);
    }

    /** Keypoints plus the mean heatmaps [keypoints][pixels]. */
    public record Detailed(Labeled.Keypoints result, float[][] heatmaps) {}

    @Override
    public List<Labeled> label(Map<String, Tensor> taps) {
        List<Labeled> out = new ArrayList<>();
        for (Detailed d : labelDetailed(taps)) out.add(d.result());
        return out;
    }

    public List<Detailed> labelDetailed(Map<String, Tensor> taps) {
        long batch = header.layout().checkBatch(taps);
        int k = header.labels().size(), w = width(), h = height();
        long pixels = (long) w * h;
        List<Detailed> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            try (TensorScope scope = TensorScope.open()) {
                Tensor sum = Ops.zeros(DType.F32, device, k, pixels);
                Tensor sumSq = Ops.zeros(DType.F32, device, k, pixels);
                TileSink sink = (first, outputs, y0, rows) -> {
                    try (TensorScope tile = TensorScope.open()) {
                        Tensor s = Ops.narrow(sum, 1, (long) y0 * w, (long) rows * w);
                        Tensor q = Ops.narrow(sumSq, 1, (long) y0 * w, (long) rows * w);
                        s.copyFrom(Ops.add(s, Ops.sum(outputs, new long[] {0}, false)));
                        q.copyFrom(Ops.add(q, Ops.sum(Ops.square(outputs), new long[] {0}, false)));
                    }
                };
                forward.run(taps, b, sink);
                int n = forward.models();
                Tensor mean = Ops.div(sum, n);
                Tensor variance = Ops.clamp(Ops.sub(Ops.div(sumSq, n), Ops.square(mean)), 0.0, Double.MAX_VALUE);
                float[] meanHeat = Ops.toCopy(mean, DType.F32, Device.CPU).toFloatArray();
                float[] spread = Ops.toCopy(Ops.sum(variance, new long[] {0}, false), DType.F32, Device.CPU).toFloatArray();
                float[][] maps = new float[k][];
                List<Labeled.Keypoints.Detected> points = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    maps[i] = Arrays.copyOfRange(meanHeat, (int) (i * pixels), (int) ((i + 1) * pixels));
                    PeakFinder.Peak p = PeakFinder.find(maps[i], w, h);
                    points.add(new Labeled.Keypoints.Detected(header.labels().get(i), p.x(), p.y(), Math.max(0, Math.min(1, p.value()))));
                }
                out.add(new Detailed(new Labeled.Keypoints(points, w, h, score.score(spread)), maps));
            }
        }
        return out;
    }
}
