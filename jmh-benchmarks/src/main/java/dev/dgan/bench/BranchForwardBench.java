package dev.dgan.bench;

import dev.dgan.runtime.Autograd;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Generator;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.tasks.bigdatasetgan.BranchShape;
import dev.dgan.tasks.bigdatasetgan.SegBranch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One head of BigDatasetGAN's segmentation branch at the paper's size, over BigGAN-512's
 * levels: low 3072 channels at 32 px, mid 960 at 128, high 192 at 512, projected to 128, 64
 * and 32, class embedding 128, one foreground logit. {@link BranchShape#flops()} counts
 * 502.6 GFLOP per sample for the forward pass, 94% of it in the two 3x3 convolutions of the
 * 512 px fusion block (224 channels).
 *
 * <p>{@link #forward}: evaluation (stored statistics, no gradients), as labelling runs each
 * head. {@link #trainStep}: forward with batch statistics, binary cross-entropy, backward, as
 * one head's share of a training iteration (without the optimizer update, which is small).
 * A K-head ensemble costs K times either.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 1)
@Measurement(iterations = 2)
public class BranchForwardBench {

    @Param({"1"})
    public int batch;

    private SegBranch head;
    private final List<Tensor> levels = new ArrayList<>();
    private Tensor embedding, target;

    static final BranchShape PAPER = new BranchShape(List.of(new BranchShape.Level("low", 3072, 32, 128),
            new BranchShape.Level("mid", 960, 128, 64), new BranchShape.Level("high", 192, 512, 32)), 128, 1);

    @Setup
    public void setUp() {
        try (Generator g = Generator.seeded(1)) {
            head = SegBranch.initialized(PAPER, g, Device.CPU);
            for (BranchShape.Level l : PAPER.levels())
                levels.add(TensorScope.release(Ops.randn(g, DType.F32, Device.CPU, batch, l.inputs(), l.resolution(), l.resolution())));
            embedding = TensorScope.release(Ops.randn(g, DType.F32, Device.CPU, batch, PAPER.embedding()));
            target = TensorScope.release(Ops.toCopy(Ops.gt(Ops.randn(g, DType.F32, Device.CPU, batch, 1, 512, 512),
                    Ops.zeros(DType.F32, Device.CPU)), DType.F32, null));
        }
        System.out.printf("%nbranch forward: %.1f GFLOP per sample%n", PAPER.flops() / 1e9);
    }

    @Benchmark
    public float forward() {
        try (TensorScope s = TensorScope.open(); var noGrad = Autograd.noGrad()) {
            return Ops.mean(head.forward(levels, embedding, false)).item() > 0 ? 1f : 0f;
        }
    }

    @Benchmark
    public double trainStep() {
        try (TensorScope s = TensorScope.open()) {
            Tensor logits = head.forward(levels, embedding, true);
            Tensor loss = dev.dgan.runtime.NN.binaryCrossEntropyWithLogits(logits, target);
            Autograd.backward(loss);
            return loss.item();
        }
    }

    @TearDown
    public void tearDown() {
        head.close();
        levels.forEach(Tensor::close);
        embedding.close();
        target.close();
    }
}
