package dev.dgan.bench;

import dev.dgan.api.FeatureTap;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.NN;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.mlp.EnsembleForward;
import dev.dgan.tasks.mlp.FusedEnsemble;
import dev.dgan.tasks.mlp.MlpEnsemble;
import dev.dgan.tasks.mlp.MlpShape;
import dev.dgan.tasks.mlp.NaiveEnsemble;
import dev.dgan.tasks.mlp.TapLayout;
import dev.dgan.tasks.segmentation.EnsembleVote;
import dev.dgan.tasks.uncertainty.JensenShannon;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * DatasetGAN's pixel-classifier ensemble labelling one sample: 10 models, 20 classes
 * (hidden widths 128 and 32), random weights with non-trivial BatchNorm statistics, over
 * random feature maps shaped like the synthesis-layer taps of a StyleGAN2 generator
 * (config-f channels: min(32768 / res, 512); b4.conv1, then conv0 and conv1 of every block):
 * <ul>
 *   <li>256 px: 512 ch at 4 px (conv1 only), 2 x 512 at 8, 16, 32 and 64, 2 x 256 at 128,
 *       2 x 128 at 256: 13 taps, 5376 channels, 256 of them at full resolution;</li>
 *   <li>512 px: as above plus 2 x 64 at 512: 15 taps, 5504 channels, 128 at full resolution.</li>
 * </ul>
 *
 * <p>{@link #labelSample} is the per-sample cost end to end, as segmentation pays it: the
 * ensemble forward ({@code fused}: {@link FusedEnsemble}, first layer per tap at native
 * resolution; {@code naive}: {@link NaiveEnsemble}, every tap upsampled and concatenated
 * into [dim, H, W]) into segmentation's {@link EnsembleVote} (softmax sums and entropies for
 * Jensen-Shannon, argmax votes), then the final majority label and divergence map copied to
 * the heap. The naive
 * path at 512 px takes tens of seconds and about 17 GB of memory (upsampled taps, their
 * concatenation and its transposed copy are alive together), hence single-shot timing.
 *
 * <p>{@link #ensembleHead} is the ensemble-only hot path of the fused forward on a
 * precomputed first-layer output (post-ReLU, the bands the fused path makes): layers two and
 * three of all models as batched matmuls (BatchNorm folded) plus the vote / Jensen-Shannon
 * sink, per sample.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss4m"})
public class EnsembleInferenceBench {

    static final int MODELS = 10;
    static final int CLASSES = 20;

    /** StyleGAN2 config-f synthesis taps up to {@code resolution}, the classifier's output size. */
    static TapLayout styleGan2Taps(int resolution) {
        List<FeatureTap> taps = new ArrayList<>();
        taps.add(new FeatureTap("b4.conv1", 512, 4));
        for (int r = 8; r <= resolution; r *= 2) {
            int ch = Math.min(32768 / r, 512);
            taps.add(new FeatureTap("b" + r + ".conv0", ch, r));
            taps.add(new FeatureTap("b" + r + ".conv1", ch, r));
        }
        return new TapLayout(taps, resolution, resolution);
    }

    /** Output size, shared by both benchmarks. */
    @State(Scope.Benchmark)
    public static class Size {
        @Param({"256", "512"})
        public int resolution;
    }

    @State(Scope.Benchmark)
    public static class Sample {
        @Param({"fused", "naive"})
        public String path;

        /** Row-band budget of the fused path (its default: {@link FusedEnsemble#DEFAULT_TILE_BYTES}). */
        @Param({"33554432"})
        public long tileBytes;

        TapLayout layout;
        MlpEnsemble ensemble;
        Map<String, Tensor> features;
        EnsembleForward forward;

        @Setup(Level.Trial)
        public void setup(Size size) {
            layout = styleGan2Taps(size.resolution);
            ensemble = randomEnsemble(MlpShape.datasetGan(layout.channels(), CLASSES), MODELS, 7);
            features = randomFeatures(layout, 11);
            forward = switch (path) {
                case "fused" -> new FusedEnsemble(ensemble, layout, Device.CPU, tileBytes, FusedEnsemble.DEFAULT_GROUP_BYTES);
                case "naive" -> new NaiveEnsemble(ensemble, layout, Device.CPU, 1 << 16);
                default -> throw new IllegalArgumentException("path " + path);
            };
            System.out.printf("%n%d px: %d taps, %d channels (%d at full resolution)%n", size.resolution, layout.taps().size(),
                    layout.channels(), layout.taps().stream().filter(layout::isFullResolution).mapToInt(FeatureTap::channels).sum());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (forward != null) forward.close();
            if (features != null) features.values().forEach(Tensor::close);
            if (ensemble != null) ensemble.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Head {
        int width, height;
        /** Post-ReLU first-layer output, one contiguous [models, hidden1, rows * width] per band. */
        final List<Tensor> bands = new ArrayList<>();
        final List<Integer> bandStart = new ArrayList<>();
        Tensor w2, b2, w3, b3;

        @Setup(Level.Trial)
        public void setup(Size size) {
            width = height = size.resolution;
            MlpShape s = MlpShape.datasetGan(1, CLASSES);
            // band height as FusedEnsemble picks it with its default tile budget
            long ch = (long) MODELS * s.hidden1();
            int rows = (int) Math.max(1, Math.min(height, FusedEnsemble.DEFAULT_TILE_BYTES / (4L * 3 * ch * width)));
            try (Generator g = Generator.seeded(5); TensorScope scope = TensorScope.open()) {
                for (int y0 = 0; y0 < height; y0 += rows) {
                    int n = Math.min(rows, height - y0);
                    bands.add(TensorScope.release(NN.relu(Ops.randn(g, DType.F32, Device.CPU, MODELS, s.hidden1(), (long) n * width))));
                    bandStart.add(y0);
                }
                w2 = TensorScope.release(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, MODELS, s.hidden2(), s.hidden1()), 0.3));
                b2 = TensorScope.release(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, MODELS, s.hidden2(), 1), 0.1));
                w3 = TensorScope.release(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, MODELS, s.outputs(), s.hidden2()), 0.3));
                b3 = TensorScope.release(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, MODELS, s.outputs(), 1), 0.1));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            bands.forEach(Tensor::close);
            for (Tensor t : new Tensor[] {w2, b2, w3, b3}) if (t != null) t.close();
        }
    }

    @Benchmark
    @Warmup(iterations = 1)
    @Measurement(iterations = 2)
    public void labelSample(Sample s, Blackhole bh) {
        try (EnsembleVote vote = new EnsembleVote(CLASSES, s.layout.width(), s.layout.height(), Device.CPU)) {
            s.forward.run(s.features, 0, vote);
            bh.consume(vote.finish(MODELS));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 1, time = 3)
    @Measurement(iterations = 3, time = 5)
    public void ensembleHead(Head h, Blackhole bh) {
        try (EnsembleVote vote = new EnsembleVote(CLASSES, h.width, h.height, Device.CPU)) {
            for (int i = 0; i < h.bands.size(); i++) {
                try (TensorScope tile = TensorScope.open()) {
                    Tensor hidden = h.bands.get(i);
                    Tensor h2 = NN.relu(Ops.add(Ops.bmm(h.w2, hidden), h.b2));
                    Tensor out = Ops.add(Ops.bmm(h.w3, h2), h.b3);
                    vote.accept(0, out, h.bandStart.get(i), (int) (hidden.size(2) / h.width));
                }
            }
            bh.consume(vote.finish(MODELS));
        }
    }

    /** As the tasks tests build them: N(0, 0.3) weights, N(0, 0.1) biases and BN shifts/means, BN scales ~1, variances >= 0.5. */
    static MlpEnsemble randomEnsemble(MlpShape s, int models, long seed) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long n = models;
        shapes.put("l1.weight", new long[] {n, s.hidden1(), s.inputs()});
        shapes.put("l1.bias", new long[] {n, s.hidden1()});
        for (String p : List.of("bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var")) shapes.put(p, new long[] {n, s.hidden1()});
        shapes.put("l2.weight", new long[] {n, s.hidden2(), s.hidden1()});
        shapes.put("l2.bias", new long[] {n, s.hidden2()});
        for (String p : List.of("bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var")) shapes.put(p, new long[] {n, s.hidden2()});
        shapes.put("l3.weight", new long[] {n, s.outputs(), s.hidden2()});
        shapes.put("l3.bias", new long[] {n, s.outputs()});
        try (Generator g = Generator.seeded(seed); TensorScope scope = TensorScope.open()) {
            Map<String, Tensor> t = new LinkedHashMap<>();
            for (var e : shapes.entrySet()) {
                String name = e.getKey();
                Tensor v;
                if (name.endsWith("running_var")) v = Ops.add(Ops.abs(Ops.randn(g, DType.F32, Device.CPU, e.getValue())), 0.5);
                else if (name.startsWith("bn") && name.endsWith(".weight")) v = Ops.add(Ops.mul(Ops.randn(g, DType.F32, Device.CPU, e.getValue()), 0.2), 1.0);
                else v = Ops.mul(Ops.randn(g, DType.F32, Device.CPU, e.getValue()), name.startsWith("l") && name.endsWith("weight") ? 0.3 : 0.1);
                t.put(name, Ops.contiguous(v));
            }
            t.values().forEach(TensorScope::release);
            return MlpEnsemble.adopt(s, models, t, "random");
        }
    }

    /** Random [1, C, r, r] feature maps for every tap; the caller closes them. */
    static Map<String, Tensor> randomFeatures(TapLayout layout, long seed) {
        Map<String, Tensor> maps = new LinkedHashMap<>();
        try (Generator g = Generator.seeded(seed)) {
            for (FeatureTap t : layout.taps())
                maps.put(t.name(), TensorScope.release(Ops.randn(g, DType.F32, Device.CPU, 1, t.channels(), t.resolution(), t.resolution())));
        }
        return maps;
    }
}
