package dev.dgan.bench;

import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Tensor;
import dev.dgan.stylegan.v2.RandomWeights;
import dev.dgan.stylegan.v2.StyleGan2Backbone;
import dev.dgan.stylegan.v2.StyleGan2Config;
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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * One StyleGAN2 forward pass (mapping + synthesis, const noise) at 256 px with the channel
 * counts of the published 256 px configs (stylegan2-ada "paper256": channel_base 16384,
 * channel_max 512, z = w = 512, 8 mapping layers), random weights, batch 1 and 8.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss4m"})
public class StyleGan2ForwardBench {

    static final StyleGan2Config PAPER256 = StyleGan2Config.of(512, 512, 256, 8, 16384, 512, 256.0);

    @Param({"1", "8"})
    public int batch;

    private StyleGan2Backbone generator;
    private Latents z;

    @Setup
    public void setup() {
        generator = RandomWeights.backbone(PAPER256, 1, Device.CPU);
        long[] seeds = new long[batch];
        for (int i = 0; i < batch; i++) seeds[i] = i;
        z = generator.sample(SampleRequest.unconditional(seeds, 1.0));
        System.out.printf("%nStyleGAN2 256 px forward: %.2f GFLOP per image (%.2f GFLOP at batch %d)%n",
                forwardFlops(PAPER256) / 1e9, batch * forwardFlops(PAPER256) / 1e9, batch);
    }

    @TearDown
    public void tearDown() {
        z.close();
        generator.close();
    }

    @Benchmark
    public void forward(Blackhole bh) {
        try (Tensor img = generator.synthesize(z)) {
            bh.consume(img.numel());
        }
    }

    static double forwardFlops(StyleGan2Config c) {
        return dev.dgan.stylegan.v2.StyleGan2Flops.forward(c);
    }
}
