package dev.dgan.tasks.mlp;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.runtime.safetensors.TensorData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N trained pixel classifiers of one shape, each tensor stacked along a leading model axis
 * ({@code l1.weight} is [N, hidden1, inputs], ...). This is what a model directory stores.
 */
public final class MlpEnsemble implements AutoCloseable {

    private final MlpShape shape;
    private final int models;
    private final Map<String, Tensor> stacked; // owned, contiguous, CPU or device

    private MlpEnsemble(MlpShape shape, int models, Map<String, Tensor> stacked) {
        this.shape = shape;
        this.models = models;
        this.stacked = stacked;
    }

    /** Stacks trained models (copies; the models stay the caller's). */
    public static MlpEnsemble stack(MlpShape shape, List<PixelMlp> members) {
        if (members.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one model");
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var noGrad = Autograd.noGrad(); TensorScope scope = TensorScope.open()) {
            for (int i = 0; i < PixelMlp.NAMES.size(); i++) {
                List<Tensor> parts = new ArrayList<>();
                for (PixelMlp m : members) parts.add(Ops.detach(m.tensors().get(i)));
                out.put(PixelMlp.NAMES.get(i), TensorScope.release(Ops.stack(parts, 0)));
            }
        }
        return new MlpEnsemble(shape, members.size(), out);
    }

    /**
     * Takes ownership of stored tensors after checking every name and shape against {@code shape};
     * {@code source} names the file for error messages.
     */
    public static MlpEnsemble adopt(MlpShape shape, int models, Map<String, Tensor> tensors, String source) {
        Map<String, long[]> expected = expectedShapes(shape, models);
        for (var e : expected.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " is missing");
            if (!Arrays.equals(t.shape(), e.getValue()) || t.dtype() != DType.F32)
                throw new IllegalArgumentException(source + ": tensor " + e.getKey() + " should be F32 " + Arrays.toString(e.getValue())
                        + ", is " + t.dtype() + " " + Arrays.toString(t.shape()));
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        for (String n : PixelMlp.NAMES) own.put(n, tensors.get(n));
        return new MlpEnsemble(shape, models, own);
    }

    static Map<String, long[]> expectedShapes(MlpShape s, int n) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("l1.weight", new long[] {n, s.hidden1(), s.inputs()});
        m.put("l1.bias", new long[] {n, s.hidden1()});
        for (String p : List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var")) m.put(p, new long[] {n, s.hidden1()});
        m.put("l2.weight", new long[] {n, s.hidden2(), s.hidden1()});
        m.put("l2.bias", new long[] {n, s.hidden2()});
        for (String p : List.of("bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var")) m.put(p, new long[] {n, s.hidden2()});
        m.put("l3.weight", new long[] {n, s.outputs(), s.hidden2()});
        m.put("l3.bias", new long[] {n, s.outputs()});
        return m;
    }

    public MlpShape shape() {
        return shape;
    }

    public int models() {
        return models;
    }

    public Tensor get(String name) {
        Tensor t = stacked.get(name);
        if (t == null) throw new IllegalArgumentException("no ensemble tensor " + name);
        return t;
    }

    /** Model {@code i} as views into the stacked tensors; close the views when done. */
    public PixelMlp member(int i) {
        List<Tensor> views = new ArrayList<>();
        for (String n : PixelMlp.NAMES) {
            try (Tensor row = Ops.narrow(stacked.get(n), 0, i, 1)) {
                views.add(Ops.squeeze(row, 0));
            }
        }
        return PixelMlp.view(views);
    }

    /** The tensors as CPU safetensors entries (copies made into {@code keepAlive}, which the caller closes). */
    public List<TensorData> toTensorData(List<Tensor> keepAlive) {
        List<TensorData> out = new ArrayList<>();
        for (var e : stacked.entrySet()) {
            Tensor cpu = Ops.toCopy(e.getValue(), DType.F32, Device.CPU); // the stacked tensors are contiguous, and so is the copy
            keepAlive.add(cpu);
            out.add(new TensorData(e.getKey(), DType.F32, cpu.shape(), cpu.data()));
        }
        return out;
    }

    @Override
    public void close() {
        stacked.values().forEach(Tensor::close);
    }
}
