package dev.dgan.host.evaluate;

import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated labels against a reference annotation of the same samples (a person's, or a rule's),
 * pooled into one confusion matrix with the reference as truth. Samples pair up by file name
 * without extension ({@code image/000123.png} with {@code label_000123.png}'s image
 * {@code image_000123.png} would not match, {@code 000123.png} does), so a reference folder in
 * any supported layout can name its images like the dataset's.
 */
public final class LabelAgreement {

    /** {@code examples}: the first matched samples, reference as truth and the generated labels as prediction. */
    public record Result(SegmentationScores scores, int matched, int unmatched, List<SegmenterEvaluation.Example> examples) {}

    /** Matched samples kept for the report's picture. */
    static final int EXAMPLES = 8;

    private LabelAgreement() {}

    public static Result measure(LabeledSource generated, LabeledSource reference, List<String> names) throws IOException {
        Map<String, Integer> referenceIndex = new HashMap<>();
        for (int i = 0; i < reference.size(); i++) referenceIndex.put(key(reference.load(i).name()), i);
        int classes = Math.max(2, names.size());
        int matched = 0, unmatched = 0;
        // two passes: the class count must be known before counting
        for (int i = 0; i < generated.size(); i++) {
            Integer r = referenceIndex.get(key(generated.load(i).name()));
            if (r == null) continue;
            classes = Math.max(classes, 1 + Math.max(generated.load(i).maxClassId(), reference.load(r).maxClassId()));
        }
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        List<SegmenterEvaluation.Example> examples = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            LabeledImage g = generated.load(i);
            Integer r = referenceIndex.get(key(g.name()));
            if (r == null) {
                unmatched++;
                continue;
            }
            LabeledImage ref = reference.load(r);
            try {
                matrix.add(ref.labels(), g.labels());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(g.name() + " vs " + reference.describe() + " " + ref.name() + ": " + e.getMessage(), e);
            }
            matched++;
            if (examples.size() < EXAMPLES) examples.add(new SegmenterEvaluation.Example(new LabeledImage(g.name(), g.rgb(), ref.labels()), g.labels()));
        }
        if (matched == 0)
            throw new IllegalArgumentException(reference.describe() + ": none of its " + reference.size() + " images has the file name of a sample of "
                    + generated.describe() + " (samples pair up by file name without extension)");
        return new Result(matrix.scores(), matched, unmatched, examples);
    }

    static String key(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }
}
