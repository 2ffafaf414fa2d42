package dev.dgan.tasks.bigdatasetgan;

import java.util.OptionalDouble;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.task.Interpreter;
import dev.dgan.api.task.LabelMap;
import dev.dgan.api.task.Labeled;
import dev.dgan.api.task.Precision;
import dev.dgan.runtime.checkpoint.FiniteValues;
import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import dev.dgan.tasks.mlp.Compute;
import dev.dgan.tasks.mlp.TaskOptions;
import dev.dgan.tasks.segmentation.EnsembleVote;
import dev.dgan.tasks.uncertainty.ImageScore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labels a batch with the trained heads: each head's logits with stored statistics, then per
 * pixel the heads' majority vote (ties to the lower class id) and the Jensen-Shannon
 * divergence of their class distributions (a single logit l stands for the distribution
 * (1 - sigmoid l, sigmoid l)), scored into one uncertainty per image as the segmentation task does.
 */
public final class BranchInterpreter implements Interpreter {

    static final String WEIGHTS = "branch.safetensors";

    private final BranchModel model;
    private final List<BranchHead> heads;
    private final Device device;
    private final DType compute;
    private final ImageScore score;

    /** Takes ownership of {@code heads}; {@code precision} chooses the element type the heads compute in. */
    BranchInterpreter(BranchModel model, List<? extends BranchHead> heads, Device device, Precision precision) {
        this.model = model;
        this.heads = List.copyOf(heads);
        this.device = device;
        this.compute = precision.computeType();
        this.score = new TaskOptions(model.task(), model.options(), BranchSettings.KEYS).imageScore();
    }

    static BranchInterpreter load(Path dir, Device device, Precision precision) throws IOException {
        BranchModel.Read read = BranchModel.read(dir, BigDatasetGanTask.NAME);
        Path file = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(file)) throw new IOException(file + ": missing");
        List<BranchHead> heads = new ArrayList<>();
        try (SafetensorsFile st = SafetensorsFile.open(file); TensorScope outer = TensorScope.open()) {
            Map<String, Tensor> stored = st.tensors();
            FiniteValues.require(file.toString(), stored);
            for (int k = 0; k < read.heads(); k++) {
                String prefix = "head." + k + ".";
                Map<String, Tensor> mine = new LinkedHashMap<>();
                try (TensorScope scope = TensorScope.open()) {
                    for (var e : stored.entrySet())
                        if (e.getKey().startsWith(prefix)) mine.put(e.getKey().substring(prefix.length()), Ops.toCopy(e.getValue(), DType.F32, device));
                    heads.add(read.model().shape().adopt(mine, file + " (head " + k + ")"));
                    mine.values().forEach(TensorScope::release);
                }
            }
            long expected = (long) read.heads() * read.model().shape().tensorCount();
            if (stored.size() != expected)
                throw new IOException(file + ": holds " + stored.size() + " tensors, expected " + expected + " (" + read.heads() + " heads)");
        } catch (IllegalArgumentException e) {
            heads.forEach(BranchHead::close);
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            heads.forEach(BranchHead::close);
            throw e;
        }
        return new BranchInterpreter(read.model(), heads, device, precision);
    }

    @Override
    public String task() {
        return model.task();
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public List<FeatureTap> taps() {
        return model.inputs().read();
    }

    @Override
    public int width() {
        return model.width();
    }

    @Override
    public int height() {
        return model.height();
    }

    @Override
    public List<Labeled> label(Map<String, Tensor> taps) {
        List<Labeled> out = new ArrayList<>();
        try (TensorScope scope = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            LevelInputs.Batch in = model.shape().prepare(model.inputs(), taps, device);
            List<Tensor> levels = in.levels().stream().map(l -> Compute.as(l, compute)).toList();
            Tensor embedding = in.embedding() == null ? null : Compute.as(in.embedding(), compute);
            List<Tensor> logits = new ArrayList<>();
            for (BranchHead h : heads) logits.add(classLogits(Compute.logits(h.forward(levels, embedding, false))));
            Tensor all = Ops.stack(logits, 1); // [B, heads, classes, h, w]
            long classes = all.size(2);
            for (int b = 0; b < in.size(); b++) {
                try (TensorScope perSample = TensorScope.open();
                     EnsembleVote vote = new EnsembleVote(model.labels().size(), width(), height(), device)) {
                    Tensor one = Ops.reshape(Ops.narrow(all, 0, b, 1), heads.size(), classes, (long) width() * height());
                    vote.accept(0, one, 0, height());
                    EnsembleVote.Result r = vote.finish(heads.size());
                    LabelMap labels = new LabelMap(width(), height(), r.labels());
                    out.add(new Labeled.Segmentation(labels, score.score(r.divergence())));
                }
            }
        }
        return out;
    }

    /** [B, classes, height, width]: a binary head's logit l becomes (0, l); resized to the image if the finest level is smaller. */
    private Tensor classLogits(Tensor logits) {
        Tensor l = logits;
        if (l.size(2) != height() || l.size(3) != width()) l = NN.upsampleBilinear(l, height(), width(), false);
        if (!model.binary()) return l;
        return Ops.cat(List.of(Ops.zeros(DType.F32, l.device(), l.shape()), l), 1);
    }

    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (TensorScope scope = TensorScope.open()) {
            List<TensorData> data = new ArrayList<>();
            for (int k = 0; k < heads.size(); k++)
                for (var e : heads.get(k).tensors().entrySet()) {
                    Tensor cpu = Ops.contiguous(Ops.toCopy(Ops.detach(e.getValue()), DType.F32, Device.CPU));
                    data.add(new TensorData("head." + k + "." + e.getKey(), DType.F32, cpu.shape(), cpu.data()));
                }
            SafetensorsWriter.write(dir.resolve(WEIGHTS), data, Map.of("task", model.task()));
        }
        model.write(dir, heads.size());
    }

    @Override
    public void close() {
        heads.forEach(BranchHead::close);
    }

    @Override
    public OptionalDouble flopsPerImage() {
        return OptionalDouble.of((double) heads.size() * model.shape().flops());
    }
}
