package dev.dgan.tasks.mlp;

import dev.dgan.api.task.TaskOption;
import dev.dgan.tasks.uncertainty.ImageScore;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code key=value} task options, rejecting keys the task does not know. */
public final class TaskOptions {

    private final String task;
    private final Map<String, String> values;

    public TaskOptions(String task, Map<String, String> values, List<String> known) {
        this.task = task;
        this.values = Map.copyOf(values);
        Set<String> unknown = new TreeSet<>(values.keySet());
        known.forEach(unknown::remove);
        if (!unknown.isEmpty())
            throw new IllegalArgumentException(task + ": unknown option(s) " + unknown + "; known: " + new TreeSet<>(known));
    }

    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(task + ": option " + key + " expects an integer, got '" + v + "'");
        }
    }

    public double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(task + ": option " + key + " expects a number, got '" + v + "'");
        }
    }

    public TrainingSettings training() {
        TrainingSettings d = TrainingSettings.DATASET_GAN;
        return new TrainingSettings(integer("models", d.models()), integer("batch", d.batch()), number("lr", d.lr()),
                integer("max-epochs", d.maxEpochs()), integer("patience", d.patience()),
                integer("patience-after-epoch", d.patienceAfterEpoch()), number("init-std", d.initStd()));
    }

    /** Options every MLP task takes: the training settings, widths and the pixel budget. */
    public static final List<String> COMMON = List.of("models", "batch", "lr", "max-epochs", "patience", "patience-after-epoch",
            "init-std", "hidden", "pixels-per-sample", "score");

    /** {@link #COMMON} with what each means, for {@code dgan train --help}. */
    public static final List<TaskOption> COMMON_HELP = List.of(new TaskOption("models", "ensemble size, default 10"),
            new TaskOption("batch", "pixels per step"), new TaskOption("lr", "learning rate"), new TaskOption("max-epochs", "epoch limit"),
            new TaskOption("patience", "epochs without improvement before stopping"),
            new TaskOption("patience-after-epoch", "first epoch the stopping rule applies to"),
            new TaskOption("init-std", "initial weight spread"), new TaskOption("hidden", "auto or H1,H2"),
            new TaskOption("pixels-per-sample", "auto or N"), new TaskOption("score", "top:F or sum"));

    /** The image uncertainty score: "top:F" (default top:0.1) or "sum". */
    public ImageScore imageScore() {
        try {
            return ImageScore.parse(string("score", "top:0.1"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(task + ": option " + e.getMessage(), e);
        }
    }

    /** "auto" or "H1,H2". */
    public MlpShape shape(int inputs, int outputs) {
        String h = string("hidden", "auto");
        if (h.equals("auto")) return MlpShape.datasetGan(inputs, outputs);
        String[] p = h.split(",");
        try {
            if (p.length != 2) throw new NumberFormatException();
            return new MlpShape(inputs, Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), outputs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(task + ": option hidden expects 'auto' or two widths like 128,32, got '" + h + "'");
        }
    }

    /**
     * Pixels kept per annotated sample: all of them when they fit, else a budget that holds
     * the training features of 16 samples within about 1 GiB (at least 4096 per sample).
     */
    public int pixelsPerSample(int dim, int width, int height) {
        String v = string("pixels-per-sample", "auto");
        if (v.equals("auto")) {
            long budget = Math.max(4096, (1L << 30) / (4L * dim) / 16);
            return (int) Math.min((long) width * height, budget);
        }
        int n = integer("pixels-per-sample", 0);
        if (n < 2) throw new IllegalArgumentException(task + ": option pixels-per-sample must be >= 2 or auto, got " + v);
        return n;
    }
}
