package dev.dgan.host.train;

import dev.dgan.host.stop.StopSignal;
import dev.dgan.api.Backbone;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.api.TaskProvider;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.TrainReport;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.host.annotate.AnnotationSet;
import dev.dgan.host.io.ProgressBar;
import dev.dgan.host.sample.SampleManifest;
import dev.dgan.runtime.Device;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a task on an annotation set and writes the model directory: the task's files plus
 * {@code model.json}. With cross-validation, K extra models are trained on K-1 folds each and
 * scored on the fold left out (the saved model always uses every annotated sample).
 */
public final class TrainRun {

    public record Options(AnnotationSet annotations, TaskProvider task, List<FeatureTap> taps, Map<String, String> taskOptions,
                          double truncation, long seed, Device device, int cvFolds, Path out) {}

    /** Which of the backbone's levels a task can read with {@code taps}: the levels cut down to the chosen taps. */
    static List<TapLevel> levelsFor(List<TapLevel> levels, List<FeatureTap> taps) {
        List<String> chosen = taps.stream().map(FeatureTap::name).toList();
        List<TapLevel> out = new ArrayList<>();
        for (TapLevel l : levels) {
            List<String> kept = l.taps().stream().filter(chosen::contains).toList();
            if (!kept.isEmpty()) out.add(new TapLevel(l.name(), l.resolution(), kept));
        }
        return out;
    }

    private final Backbone backbone;
    private final SampleManifest.Backbone described;
    private final PrintWriter log;

    public TrainRun(Backbone backbone, SampleManifest.Backbone described, PrintWriter log) {
        this.backbone = backbone;
        this.described = described;
        this.log = log;
    }

    public ModelInfo run(Options o) throws Exception {
        int res = backbone.info().resolution();
        TrainingSpec spec = new TrainingSpec(o.taps(), res, res, o.annotations().labels(), o.taskOptions(), o.seed(), o.device(),
                levelsFor(backbone.info().levels(), o.taps()));
        List<AnnotatedSample> samples = o.annotations().samples();
        try (RenderedSamples all = RenderedSamples.open(backbone, o.annotations().latents(), samples, o.truncation(), o.taps(),
                o.device(), log)) {
            CrossValidation.Result cv = null;
            if (o.cvFolds() > 0) cv = crossValidate(o, spec, all);

            log.printf("training %s on %d annotated samples (%d taps, %d channels)%n", o.task().name(), samples.size(), o.taps().size(),
                    o.taps().stream().mapToInt(FeatureTap::channels).sum());
            Trainer.Trained trained = train(o.task(), spec, all, true);
            return save(o, trained, samples.size(), cv);
        }
    }

    /**
     * Writes {@code task}'s model as training would start it, from no annotations: the weights of
     * a model of the real shape, for benchmarks (the task must offer {@link Trainer#untrained()}).
     */
    public ModelInfo writeUntrained(TaskProvider task, List<FeatureTap> taps, List<String> labels, Map<String, String> options,
                                    double truncation, long seed, Device device, Path out) throws Exception {
        int res = backbone.info().resolution();
        TrainingSpec spec = new TrainingSpec(taps, res, res, labels, options, seed, device, levelsFor(backbone.info().levels(), taps));
        Trainer.Trained trained;
        try (Trainer trainer = task.trainer(spec)) {
            trained = trainer.untrained();
        }
        try (Interpreter interpreter = trained.interpreter()) {
            Files.createDirectories(out);
            interpreter.save(out);
            ModelInfo info = new ModelInfo(ModelInfo.FORMAT, task.name(), described, truncation, taps.stream().map(FeatureTap::name).toList(),
                    labels, null, 0, seed, new LinkedHashMap<>(options), trained.report(), null);
            info.write(out);
            return info;
        }
    }

    private ModelInfo save(Options o, Trainer.Trained trained, int samples, CrossValidation.Result cv) throws Exception {
        try (Interpreter interpreter = trained.interpreter()) {
            // a diverged model labels everything as one class or NaN: refuse it rather than save it
            for (TrainReport.ModelReport m : trained.report().models())
                if (!Double.isFinite(m.lastEpochLoss()))
                    throw new IllegalArgumentException("training diverged: model " + m.index() + "'s last epoch loss is " + m.lastEpochLoss()
                            + "; nothing was written to " + o.out() + " (lower the learning rate, or check the annotations and latents)");
            Files.createDirectories(o.out());
            interpreter.save(o.out());
            ModelInfo info = new ModelInfo(ModelInfo.FORMAT, o.task().name(), described, o.truncation(),
                    o.taps().stream().map(FeatureTap::name).toList(), o.annotations().labels(),
                    o.annotations().dir().toAbsolutePath().toString(), samples, o.seed(), new LinkedHashMap<>(o.taskOptions()),
                    trained.report(), cv);
            info.write(o.out());
            return info;
        }
    }

    private Trainer.Trained train(TaskProvider task, TrainingSpec spec, RenderedSamples samples, boolean verbose) {
        try (Trainer trainer = task.trainer(spec)) {
            Trainer.Trained t = trainer.fit(samples, verbose ? new Progress(log) : TrainingListener.NONE);
            if (verbose) log.printf("trained on %,d pixels%n", t.report().trainingPixels());
            return t;
        }
    }

    private CrossValidation.Result crossValidate(Options o, TrainingSpec spec, RenderedSamples all) {
        List<AnnotatedSample> samples = all.samples();
        List<List<AnnotatedSample>> folds = CrossValidation.folds(samples, o.cvFolds());
        CrossValidation.Scorer scorer = new CrossValidation.Scorer(o.task().crossValidation().orElseThrow(() ->
                new IllegalArgumentException("--cv: task " + o.task().name() + " declares no cross-validation metric")), o.annotations().labels());
        List<CrossValidation.Fold> results = new ArrayList<>();
        for (int f = 0; f < folds.size(); f++) {
            StopSignal.process().check();
            List<AnnotatedSample> rest = new ArrayList<>(samples);
            rest.removeAll(folds.get(f));
            scorer.startFold();
            Trainer.Trained t = train(o.task(), spec, all.subset(rest), false);
            try (Interpreter interpreter = t.interpreter()) {
                RenderedSamples test = all.subset(folds.get(f));
                for (int i = 0; i < test.size(); i++) {
                    AnnotatedSample s = test.samples().get(i);
                    test.withFeatures(new int[] {i}, taps -> scorer.add(s, only(interpreter.label(taps))));
                }
            }
            results.add(new CrossValidation.Fold(f, rest.size(), folds.get(f).size(), scorer.foldScore()));
            log.printf("cv fold %d/%d: %s %.4f (trained on %d, tested on %d)%n", f + 1, folds.size(), scorer.metric(),
                    scorer.foldScore(), rest.size(), folds.get(f).size());
        }
        double mean = results.stream().mapToDouble(CrossValidation.Fold::score).average().orElse(Double.NaN);
        log.printf("cv %d-fold: mean %s %.4f (pooled over all folds: %.4f)%n", folds.size(), scorer.metric(), mean, scorer.pooledScore());
        return new CrossValidation.Result(scorer.metric(), folds.size(), results, mean, scorer.pooledDetails());
    }

    private static Labeled only(List<Labeled> results) {
        if (results.size() != 1) throw new IllegalStateException("expected one result, got " + results.size());
        return results.get(0);
    }

    /**
     * A progress bar over the models (rate, ETA, the current model's epoch and loss), sized by the
     * first report, which says how many models the task trains, and one line per finished model.
     */
    private static final class Progress implements TrainingListener {
        private final PrintWriter log;
        private ProgressBar bar;

        Progress(PrintWriter log) {
            this.log = log;
        }

        private ProgressBar bar(int models) {
            if (bar == null) bar = new ProgressBar(log, "train", models, System.console() != null);
            return bar;
        }

        @Override
        public void epochDone(int model, int models, int epoch, double meanLoss) {
            // between epochs nothing native is in flight: the place to honour Ctrl-C
            StopSignal.process().check();
            bar(models).note(String.format(java.util.Locale.ROOT, "model %d/%d epoch %d loss %.4f", model + 1, models, epoch + 1, meanLoss));
        }

        @Override
        public void modelDone(TrainReport.ModelReport r) {
            if (bar != null) bar.advance(1);
            log.printf("model %d: %d epochs, %,d iterations%s, last epoch loss %.4f, training accuracy %.4f%n", r.index(), r.epochs(),
                    r.iterations(), r.stoppedEarly() ? " (stopped early)" : "", r.lastEpochLoss(), r.trainAccuracy());
            log.flush();
        }
    }
}
