package dev.dgan.host.evaluate;

import dev.dgan.api.task.LabelMap;
import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests a trained {@link UNet} on labeled images: per pixel the arg-max class against the
 * ground truth, pooled over all images into one confusion matrix (void truth pixels are not
 * scored). BatchNorm uses its running statistics, so a prediction does not depend on which
 * other images share its batch. Images are run at their own size.
 */
public final class SegmenterEvaluation {

    /** One tested image, kept for the report's picture. */
    public record Example(LabeledImage truth, LabelMap prediction) {}

    public record Result(SegmentationScores scores, List<Example> examples) {}

    private static final int BATCH = 32;

    private SegmenterEvaluation() {}

    public static Result evaluate(UNet net, LabeledSource test, int classes, Device device, int keepExamples) throws IOException {
        if (test.size() == 0) throw new IllegalArgumentException(test.describe() + ": no labeled test images found");
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        List<Example> examples = new ArrayList<>();
        List<LabeledImage> pending = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            LabeledImage image = test.load(i);
            if (!pending.isEmpty() && (pending.size() == BATCH || image.width() != pending.getFirst().width()
                    || image.height() != pending.getFirst().height())) {
                score(net, pending, classes, device, matrix, examples, keepExamples, test);
                pending.clear();
            }
            pending.add(image);
        }
        score(net, pending, classes, device, matrix, examples, keepExamples, test);
        return new Result(matrix.scores(), examples);
    }

    /** Arg-max labels for images of one size. */
    public static List<LabelMap> predict(UNet net, List<LabeledImage> images, Device device) {
        List<LabelMap> out = new ArrayList<>();
        int w = images.getFirst().width(), h = images.getFirst().height(), plane = w * h;
        try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            Tensor logits = net.forward(Batch.images(images, device), false);
            byte[] ids = Ops.toCopy(Ops.argmax(logits, 1, false), DType.U8, Device.CPU).toByteArray();
            for (int n = 0; n < images.size(); n++)
                out.add(new LabelMap(w, h, java.util.Arrays.copyOfRange(ids, n * plane, (n + 1) * plane)));
        }
        return out;
    }

    private static void score(UNet net, List<LabeledImage> images, int classes, Device device, ConfusionMatrix matrix,
                              List<Example> examples, int keep, LabeledSource test) {
        List<LabelMap> predicted = predict(net, images, device);
        for (int n = 0; n < images.size(); n++) {
            LabeledImage truth = images.get(n);
            try {
                matrix.add(truth.labels(), predicted.get(n));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(test.describe() + ": " + truth.name() + ": " + e.getMessage()
                        + " (the model knows " + classes + " classes)", e);
            }
            if (examples.size() < keep) examples.add(new Example(truth, predicted.get(n)));
        }
    }
}
