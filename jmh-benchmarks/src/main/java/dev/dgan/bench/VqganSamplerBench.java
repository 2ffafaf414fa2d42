package dev.dgan.bench;

import dev.dgan.runtime.Device;
import dev.dgan.runtime.DeviceMemory;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
import dev.dgan.vqgan.CodeSampler;
import dev.dgan.vqgan.ExpNoise;
import dev.dgan.vqgan.FlopCount;
import dev.dgan.vqgan.GptConfig;
import dev.dgan.vqgan.MinGpt;
import dev.dgan.vqgan.SamplingOptions;
import dev.dgan.vqgan.Trace;
import dev.dgan.vqgan.VqConfig;
import dev.dgan.vqgan.VqganBackbone;
import dev.dgan.vqgan.VqganRandomWeights;
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

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The VQGAN code sampler at the real size: taming's class-conditional ImageNet transformer (48
 * layers x 1536, 24 heads, vocabulary 16384 shared by codes and the 1000 class tokens, block
 * size 256; 1.4 B parameters, 5.4 GB in float32) with random weights of those shapes from
 * {@link VqganRandomWeights}, on the CPU, batch 1.
 *
 * <p>{@code cached}: {@code steps} steps of {@link CodeSampler} from the class token (each one
 * cached transformer step, top-k 600 / top-p 0.92 filtering, softmax and the draw), so tokens/s =
 * steps / seconds per op. A cached step's cost barely grows with the position (attention against
 * the cache is under 3% of its work at position 256), so the full 256 codes take 256 / tokens/s.
 *
 * <p>{@code uncached}: one step of sampling without the cache, as taming's {@code sample} does
 * it: the full forward over the {@code prefix} tokens drawn so far, keeping the last position's
 * logits. Drawing 256 codes this way costs the sum of these steps over prefixes 1..256; two
 * prefixes are measured and the sum extrapolated from the line through them (the README says
 * so), since running the whole loop would take hours on a 2-core machine.
 *
 * <p>Peak memory is printed at tear-down: the process's peak resident set since the weights
 * were built ({@link DeviceMemory#resetPeak()} after setup) and over the whole process (the
 * setup holds the random state dict and its float32 copy at once).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss4m"})
public class VqganSamplerBench {

    /** Cached steps per op, from the class token. */
    @Param({"32"})
    public int steps;

    private VqganBackbone model;
    private MinGpt gpt;
    private DeviceMemory memory;

    @Setup(Level.Trial)
    public void setup() {
        GptConfig g = GptConfig.imagenetCin();
        model = VqganRandomWeights.backbone(VqConfig.imagenetF16(), Optional.of(g), 1000,
                SamplingOptions.imagenetDefaults(), 1, Device.CPU);
        gpt = model.transformer().orElseThrow();
        memory = DeviceMemory.of(Device.CPU);
        System.out.printf("%nVQGAN transformer %s: %s%n", g, FlopCount.of(VqConfig.imagenetF16(), g));
        System.out.printf("peak resident while building the random weights: %.2f GB%n", memory.peak() / 1e9);
        memory.resetPeak();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%npeak resident since setup: %.2f GB (process: see above)%n", memory.peak() / 1e9);
        model.close();
    }

    @Benchmark
    public void cached(Blackhole bh) {
        try (ExpNoise noise = ExpNoise.perSample(new long[] {0});
             Tensor codes = new CodeSampler(gpt).sample(new long[] {207}, steps, SamplingOptions.imagenetDefaults(), noise,
                     CodeSampler.StepListener.NONE)) {
            bh.consume(codes.toLongArray());
        }
    }

    /** One uncached step at a given prefix length: the full forward, last position's logits. */
    @State(Scope.Benchmark)
    public static class Prefix {
        @Param({"32", "256"})
        public int prefix;

        Tensor tokens;

        @Setup(Level.Trial)
        public void setup() {
            long[] t = new long[prefix];
            t[0] = 207;
            for (int i = 1; i < prefix; i++) t[i] = (i * 7919L) % 16384;
            tokens = Tensor.of(t, 1, prefix);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            tokens.close();
        }
    }

    @Benchmark
    public void uncached(Prefix p, Blackhole bh) {
        try (TensorScope s = TensorScope.open()) {
            Tensor logits = gpt.forward(p.tokens, Trace.NONE);
            Tensor last = Ops.narrow(logits, 1, p.prefix - 1, 1);
            bh.consume(Ops.argmax(Ops.reshape(last, 1, logits.size(2)), 1, false).toLongArray());
        }
    }
}
