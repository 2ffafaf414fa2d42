package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.tasks.mlp.TaskOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The branch's training settings, each a {@code -O key=value}. {@code head} picks the
 * architecture: {@code biggan} (default; {@link SegBranch}) or {@code vqgan} ({@link VqBranch}).
 * Defaults follow BigDatasetGAN: 16 heads ({@code models}), 5000 iterations, Adam 1e-3, binary
 * cross-entropy when the labels are background and one foreground class; for the BigGAN head
 * batch 4 (its training script; the paper used 8) and projections {@code widths=128,64,32},
 * for the VQGAN head batch 8 (its supplementary) and {@code channels=128} for every reduction,
 * mix and hidden convolution. {@code widths} and {@code channels} are refused for the other
 * head rather than silently ignored. {@code cache-features=true} keeps every annotated
 * sample's inputs in memory instead of rendering each batch again.
 */
record BranchSettings(String head, int heads, int batch, int iterations, double lr, List<Integer> widths, int channels, String loss,
                      boolean cacheFeatures) {

    static final List<String> KEYS = List.of("head", "models", "batch", "iterations", "lr", "widths", "channels", "loss", "cache-features",
            "score");

    static BranchSettings parse(String task, Map<String, String> options) {
        TaskOptions o = new TaskOptions(task, options, KEYS);
        String head = o.string("head", BranchShape.HEAD);
        if (!head.equals(BranchShape.HEAD) && !head.equals(VqShape.HEAD))
            throw new IllegalArgumentException(task + ": option head expects biggan or vqgan, got '" + head + "'");
        boolean vq = head.equals(VqShape.HEAD);
        if (vq && options.containsKey("widths"))
            throw new IllegalArgumentException(task + ": option widths sets the biggan head's projections; head=vqgan takes channels");
        if (!vq && options.containsKey("channels"))
            throw new IllegalArgumentException(task + ": option channels sets the vqgan head's width; head=biggan takes widths");
        int channels = o.integer("channels", VqShape.PAPER_CHANNELS);
        if (channels < 1) throw new IllegalArgumentException(task + ": option channels must be positive, got " + channels);
        int heads = o.integer("models", 16), batch = o.integer("batch", vq ? 8 : 4), iterations = o.integer("iterations", 5000);
        double lr = o.number("lr", 1e-3);
        if (heads < 1 || batch < 1 || iterations < 1 || !(lr > 0))
            throw new IllegalArgumentException(task + ": models (heads), batch, iterations and lr must be positive, got " + heads + ", " + batch
                    + ", " + iterations + ", " + lr);
        List<Integer> widths = new ArrayList<>();
        for (String w : o.string("widths", "128,64,32").split(",")) {
            try {
                int v = Integer.parseInt(w.trim());
                if (v < 1) throw new NumberFormatException();
                widths.add(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(task + ": option widths expects positive integers like 128,64,32, got '"
                        + o.string("widths", "") + "'");
            }
        }
        String loss = o.string("loss", "auto");
        if (!List.of("auto", "bce", "ce").contains(loss))
            throw new IllegalArgumentException(task + ": option loss expects auto, bce or ce, got '" + loss + "'");
        String cache = o.string("cache-features", "false");
        if (!cache.equals("true") && !cache.equals("false"))
            throw new IllegalArgumentException(task + ": option cache-features expects true or false, got '" + cache + "'");
        o.imageScore(); // rejects a bad score now rather than after training
        return new BranchSettings(head, heads, batch, iterations, lr, List.copyOf(widths), channels, loss, cache.equals("true"));
    }

    boolean vqgan() {
        return head.equals(VqShape.HEAD);
    }

    /** Binary cross-entropy on one logit, or cross-entropy on one logit per label. */
    boolean binary(List<String> labels) {
        return switch (loss) {
            case "bce" -> {
                if (labels.size() != 2)
                    throw new IllegalArgumentException("loss=bce needs two labels (background and foreground), got " + labels);
                yield true;
            }
            case "ce" -> false;
            default -> labels.size() == 2;
        };
    }
}
