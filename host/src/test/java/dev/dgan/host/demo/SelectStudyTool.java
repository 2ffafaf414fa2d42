package dev.dgan.host.demo;

import dev.dgan.api.eval.SegmentationScores;
import dev.dgan.api.image.Palette;
import dev.dgan.api.io.AtomicFiles;
import dev.dgan.api.task.LabelMap;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The person of scripts/select-study: the demo's rule annotator labels a sample folder as a
 * person would ({@code annotate DIR}: mask_NNNN.png for every sample_NNNN.png, and classes.txt),
 * and scores a generated dataset against its own reading of the images ({@code score DATASET}:
 * prints the mIoU). {@code report TSV MD PNG} turns the study's results into its table and plot.
 */
public final class SelectStudyTool {

    static final String CLASSES = "background\nbody\neye\nmouth\n";

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "annotate" -> annotate(Path.of(args[1]));
            case "score" -> {
                SegmentationScores s = RuleScores.score(Path.of(args[1]), 4, false);
                System.out.printf(Locale.ROOT, "%.4f%n", s.meanIou());
            }
            case "report" -> SelectStudyReport.write(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("usage: annotate DIR | score DATASET | report TSV MD PNG");
        }
    }

    static void annotate(Path dir) throws Exception {
        RuleAnnotator rule = new RuleAnnotator();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path image : files.filter(f -> f.getFileName().toString().matches("sample_\\d+\\.png")).sorted().toList()) {
                BufferedImage rgb = ImageIO.read(image.toFile());
                LabelMap labels = rule.annotate(rgb);
                Palette.writeIndexPng(dir.resolve(image.getFileName().toString().replace("sample_", "mask_")), labels);
            }
        }
        AtomicFiles.write(dir.resolve("classes.txt"), CLASSES.getBytes(StandardCharsets.UTF_8));
    }
}
