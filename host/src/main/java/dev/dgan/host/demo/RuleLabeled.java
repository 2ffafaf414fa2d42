package dev.dgan.host.demo;

import dev.dgan.host.evaluate.LabeledImage;
import dev.dgan.host.evaluate.LabeledSource;

import java.io.IOException;
import java.util.List;

/**
 * The images of another source relabeled by the rule annotator: generated images with the labels
 * a perfect interpreter of the rule would give them, which separates what the interpreter loses
 * from what the generator's images themselves allow.
 */
public record RuleLabeled(LabeledSource images) implements LabeledSource {

    @Override
    public String describe() {
        return images.describe() + ", relabeled by the rule annotator";
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public LabeledImage load(int index) throws IOException {
        LabeledImage image = images.load(index);
        return new LabeledImage(image.name(), image.rgb(), new RuleAnnotator().annotate(image.rgb(), image.width(), image.height()));
    }

    @Override
    public List<String> classNames() {
        return images.classNames();
    }
}
