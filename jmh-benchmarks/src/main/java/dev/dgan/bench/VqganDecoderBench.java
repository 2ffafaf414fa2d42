package dev.dgan.bench;

import dev.dgan.api.FeatureSink;
import dev.dgan.api.Latents;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.DeviceMemory;
import dev.dgan.runtime.Tensor;
import dev.dgan.vqgan.FlopCount;
import dev.dgan.vqgan.GptConfig;
import dev.dgan.vqgan.SamplingOptions;
import dev.dgan.vqgan.VqConfig;
import dev.dgan.vqgan.VqganBackbone;
import dev.dgan.vqgan.VqganRandomWeights;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ImageNet f16 VQGAN decoder (ch 128, ch_mult 1,1,2,2,4, two ResnetBlocks per level,
 * attention at 16 px, codebook 16384 x 256) decoding one 16x16 code grid to a 256 px image,
 * random weights, on the CPU, no taps: ms per image, with GFLOP per image from
 * {@link FlopCount} and the peak resident set printed at tear-down.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss4m"})
public class VqganDecoderBench {

    private VqganBackbone decoder;
    private Latents codes;
    private DeviceMemory memory;

    @Setup
    public void setup() {
        VqConfig c = VqConfig.imagenetF16();
        decoder = VqganRandomWeights.backbone(c, Optional.empty(), 1, SamplingOptions.imagenetDefaults(), 1, Device.CPU);
        long[] grid = new long[c.latentSide() * c.latentSide()];
        for (int i = 0; i < grid.length; i++) grid[i] = (i * 7919L) % c.nEmbed();
        codes = new Latents(Latents.Kind.CODES, Tensor.of(grid, 1, c.latentSide(), c.latentSide()), Optional.empty());
        memory = DeviceMemory.of(Device.CPU);
        System.out.printf("%nVQGAN f16 decoder: %.1f GFLOP per %d px image%n",
                FlopCount.of(c, GptConfig.imagenetCin()).decoder() / 1e9, c.resolution());
        memory.resetPeak();
    }

    @TearDown
    public void tearDown() {
        System.out.printf("%npeak resident while decoding: %.2f GB%n", memory.peak() / 1e9);
        codes.close();
        decoder.close();
    }

    @Benchmark
    public void decode(Blackhole bh) {
        try (Tensor img = decoder.synthesize(codes, FeatureSink.NONE)) {
            bh.consume(img.numel());
        }
    }
}
