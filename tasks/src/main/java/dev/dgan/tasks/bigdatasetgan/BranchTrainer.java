package dev.dgan.tasks.bigdatasetgan;

import dev.dgan.api.task.TrainReport;
import dev.dgan.runtime.Generator;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.TapLevel;
import dev.dgan.api.task.AnnotatedSamples;
import dev.dgan.api.task.Annotation;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Precision;
import dev.dgan.api.task.Trainer;
import dev.dgan.api.task.TrainingListener;
import dev.dgan.api.task.TrainingSpec;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.TaskJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains the branch. Given annotated samples it asks for the features of one batch per
 * iteration, so memory holds one batch whatever the set size; samples {@link #add}ed (or all of
 * them with {@code cache-features=true}) keep their level inputs in memory instead.
 */
final class BranchTrainer implements Trainer {

    private final TrainingSpec spec;
    private final BranchSettings settings;
    private final LevelInputs inputs;
    private final HeadShape shape;
    private final boolean binary;
    private final List<Cached> cached = new ArrayList<>();

    /** One added sample's level inputs [1, ...] and embedding, owned here. */
    private record Cached(List<Tensor> levels, Tensor embedding, LabelMap target) {}

    BranchTrainer(TrainingSpec spec) {
        this.spec = spec;
        this.settings = BranchSettings.parse(BigDatasetGanTask.NAME, spec.options());
        this.inputs = inputs(spec, !settings.vqgan());
        this.binary = settings.binary(spec.labels());
        int outputs = binary ? 1 : spec.labels().size();
        this.shape = settings.vqgan() ? VqShape.of(inputs, settings.channels(), outputs) : shape(inputs, settings.widths(), outputs);
        if (shape.resolution() > Math.max(spec.width(), spec.height()))
            throw new IllegalArgumentException("the finest level is " + shape.resolution() + " px, larger than the image");
    }

    /** The spec's levels restricted to the spec's taps, and the class embedding when it is among them. */
    static LevelInputs inputs(TrainingSpec spec) {
        return inputs(spec, true);
    }

    /** As {@link #inputs(TrainingSpec)}; without the class embedding unless {@code conditional} (the VQGAN head reads none). */
    static LevelInputs inputs(TrainingSpec spec, boolean conditional) {
        List<String> names = spec.taps().stream().map(FeatureTap::name).toList();
        List<TapLevel> levels = new ArrayList<>();
        for (TapLevel l : spec.levels()) {
            List<String> kept = l.taps().stream().filter(names::contains).toList();
            if (!kept.isEmpty()) levels.add(new TapLevel(l.name(), l.resolution(), kept));
        }
        if (levels.isEmpty())
            throw new IllegalArgumentException(BigDatasetGanTask.NAME + ": none of the taps " + names + " belongs to a level of the backbone "
                    + spec.levels());
        FeatureTap embedding = !conditional ? null
                : spec.taps().stream().filter(t -> t.name().equals(FeatureTap.CLASS_EMBEDDING)).findFirst().orElse(null);
        return new LevelInputs(levels, spec.taps(), embedding);
    }

    static BranchShape shape(LevelInputs in, List<Integer> widths, int outputs) {
        List<Integer> w = BranchShape.widths(widths, in.levels().size());
        List<BranchShape.Level> levels = new ArrayList<>();
        for (int i = 0; i < in.levels().size(); i++) {
            TapLevel l = in.levels().get(i);
            levels.add(new BranchShape.Level(l.name(), in.channels(i), l.resolution(), w.get(i)));
        }
        return new BranchShape(levels, in.embedding() == null ? 0 : in.embedding().channels(), outputs);
    }

    @Override
    public void add(Map<String, Tensor> taps, Annotation target) {
        LabelMap map = labelMap(target);
        try (TensorScope scope = TensorScope.open()) {
            LevelInputs.Batch b = shape.prepare(inputs, taps, spec.device());
            if (b.size() != 1) throw new IllegalArgumentException("add takes one sample's taps, got a batch of " + b.size());
            List<Tensor> levels = new ArrayList<>();
            for (Tensor t : b.levels()) levels.add(TensorScope.release(Ops.contiguous(t)));
            Tensor y = b.embedding() == null ? null : TensorScope.release(Ops.clone(b.embedding()));
            cached.add(new Cached(levels, y, map));
        }
    }

    private LabelMap labelMap(Annotation target) {
        if (!(target instanceof LabelMap map))
            throw new IllegalArgumentException(BigDatasetGanTask.NAME + " trains on label maps, got " + target.getClass().getSimpleName());
        if (map.width() != spec.width() || map.height() != spec.height())
            throw new IllegalArgumentException("label map is " + map.width() + "x" + map.height() + ", expected the image's "
                    + spec.width() + "x" + spec.height());
        for (byte v : map.labels()) {
            int id = v & 0xFF;
            if (id != LabelMap.VOID && id >= spec.labels().size())
                throw new IllegalArgumentException("label map has class id " + id + ", but there are only " + spec.labels().size() + " labels");
        }
        return map;
    }

    @Override
    public Trained fit(TrainingListener listener) {
        return train(new BranchTraining.Batches() {
            @Override
            public int size() {
                return cached.size();
            }

            @Override
            public LabelMap annotation(int index) {
                return cached.get(index).target();
            }

            @Override
            public void with(int[] indices, Consumer<LevelInputs.Batch> use) {
                try (TensorScope scope = TensorScope.open()) {
                    List<Tensor> levels = new ArrayList<>();
                    for (int l = 0; l < cached.getFirst().levels().size(); l++) {
                        List<Tensor> parts = new ArrayList<>();
                        for (int i : indices) parts.add(cached.get(i).levels().get(l));
                        levels.add(Ops.cat(parts, 0));
                    }
                    Tensor y = null;
                    if (inputs.embedding() != null) {
                        List<Tensor> parts = new ArrayList<>();
                        for (int i : indices) parts.add(cached.get(i).embedding());
                        y = Ops.cat(parts, 0);
                    }
                    use.accept(new LevelInputs.Batch(levels, y, indices.length));
                }
            }
        }, listener);
    }

    @Override
    public Trained fit(AnnotatedSamples samples, TrainingListener listener) {
        if (settings.cacheFeatures()) return Trainer.super.fit(samples, listener);
        List<LabelMap> targets = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) targets.add(labelMap(samples.annotation(i)));
        return train(new BranchTraining.Batches() {
            @Override
            public int size() {
                return samples.size();
            }

            @Override
            public LabelMap annotation(int index) {
                return targets.get(index);
            }

            @Override
            public void with(int[] indices, Consumer<LevelInputs.Batch> use) {
                samples.withFeatures(indices, taps -> {
                    try (TensorScope scope = TensorScope.open()) {
                        use.accept(shape.prepare(inputs, taps, spec.device()));
                    }
                });
            }
        }, listener);
    }

    @Override
    public Trained untrained() {
        List<BranchHead> heads = new ArrayList<>();
        try {
            for (int k = 0; k < settings.heads(); k++) {
                try (Generator g = Generator.seeded(spec.seed() * 1_000_003L + k)) {
                    heads.add(shape.initialized(g, spec.device()));
                }
            }
        } catch (RuntimeException e) {
            heads.forEach(BranchHead::close);
            throw e;
        }
        TrainReport report = new TrainReport(0, List.of());
        BranchModel model = new BranchModel(BigDatasetGanTask.NAME, spec.labels(), inputs, shape, binary, spec.width(), spec.height(),
                spec.options(), TaskJson.tree(report));
        return new Trained(new BranchInterpreter(model, heads, spec.device(), Precision.FP32), report);
    }

    private Trained train(BranchTraining.Batches batches, TrainingListener listener) {
        BranchTraining.Result r = BranchTraining.train(shape, settings, binary, batches, spec.seed(), spec.device(), listener);
        BranchModel model = new BranchModel(BigDatasetGanTask.NAME, spec.labels(), inputs, shape, binary, spec.width(), spec.height(),
                spec.options(), TaskJson.tree(r.report()));
        return new Trained(new BranchInterpreter(model, r.heads(), spec.device(), Precision.FP32), r.report());
    }

    @Override
    public void close() {
        for (Cached c : cached) {
            c.levels().forEach(Tensor::close);
            if (c.embedding() != null) c.embedding().close();
        }
        cached.clear();
    }
}
