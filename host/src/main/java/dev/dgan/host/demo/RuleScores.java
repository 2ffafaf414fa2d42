package dev.dgan.host.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.annotate.ImageSize;
import dev.dgan.api.annotate.MaskPng;
import dev.dgan.host.dataset.RunLog;
import dev.dgan.api.eval.ConfusionMatrix;
import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.host.generate.GenerateRun;
import dev.dgan.host.generate.SampleFiles;
import dev.dgan.host.generate.Shard;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generated labels against the rule annotator's reading of the same generated images: the only
 * reference a GAN sample has, since no ground truth exists for it.
 */
public final class RuleScores {

    private RuleScores() {}

    /** Over the samples the filter kept, or ({@code filteredOut}) those it set aside. */
    public static SegmentationScores score(Path dataset, int classes, boolean filteredOut) throws Exception {
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        RuleAnnotator rule = new RuleAnnotator();
        try (RunLog log = RunLog.open(GenerateRun.metadataFile(dataset, Shard.WHOLE))) {
            for (ObjectNode line : log.records()) {
                String imageFile = line.get("image").asText(), labelFile = line.get("label").asText();
                Path image = filteredOut ? SampleFiles.filtered(dataset, imageFile) : dataset.resolve(imageFile);
                Path label = filteredOut ? SampleFiles.filtered(dataset, labelFile) : dataset.resolve(labelFile);
                if (!Files.exists(image)) continue;
                BufferedImage rgb = ImageIO.read(image.toFile());
                LabelMap generated = MaskPng.read(label, new ImageSize(rgb.getWidth(), rgb.getHeight()), classes);
                matrix.add(rule.annotate(rgb), generated);
            }
        }
        return matrix.scores();
    }
}
