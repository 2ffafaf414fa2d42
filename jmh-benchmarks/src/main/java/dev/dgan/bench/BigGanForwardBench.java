package dev.dgan.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.biggan.BigGan512Backbone;
import dev.dgan.biggan.BigGan512Config;
import dev.dgan.biggan.BigGan512RandomWeights;
import dev.dgan.biggan.FlopCount;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.TensorScope;
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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One forward pass of Brock's BigGAN-512 generator as BigDatasetGAN runs it (G_ch 96, 512 px,
 * attention at 64, 1000 classes, shared_dim 128, dim_z 128 hierarchical; 239.2 GFLOP per image by
 * {@link FlopCount}) with random weights on the CPU, batch 1 and 8, with every feature tap kept
 * past the call (as a run that saves or labels features does: the 8 maps plus the class embedding,
 * 0.16 GB per image) or none. Each iteration is one forward pass.
 *
 * <p>Measured with {@code DGAN_THREADS=1 ... BigGanForwardBench -f 1 -wi 1 -i 2} on the 2-core
 * build machine (see the README's Benchmarks section for the numbers): batch 1 takes several
 * seconds, so achieved GFLOP/s = 239.2 * batch / (seconds per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss4m"})
public class BigGanForwardBench {

    /** BigDatasetGAN's {@code get_config(512)} generator arguments. */
    static final BigGan512Config BIGGAN_512 = config();

    @Param({"1", "8"})
    public int batch;

    @Param({"false", "true"})
    public boolean taps;

    private BigGan512Backbone generator;
    private Latents z;

    static BigGan512Config config() {
        try {
            return BigGan512Config.fromJson(new ObjectMapper().readTree(
                    "{\"G_ch\": 96, \"dim_z\": 128, \"shared_dim\": 128, \"G_attn\": \"64\", \"resolution\": 512,"
                            + " \"n_classes\": 1000, \"hier\": true, \"G_shared\": true, \"BN_eps\": 1e-4, \"SN_eps\": 1e-4}"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Setup
    public void setup() {
        generator = BigGan512RandomWeights.backbone(BIGGAN_512, 1, Device.CPU);
        long[] seeds = new long[batch];
        int[] classes = new int[batch];
        for (int i = 0; i < batch; i++) {
            seeds[i] = i;
            classes[i] = 100 * i;
        }
        z = generator.sample(new SampleRequest(seeds, Optional.of(classes), 1.0));
        FlopCount f = FlopCount.of(BIGGAN_512);
        System.out.printf("%nBigGAN-512 forward: %s; %.1f GFLOP at batch %d%n", f, batch * f.gflop(), batch);
    }

    @TearDown
    public void tearDown() {
        z.close();
        generator.close();
    }

    @Benchmark
    public void forward(Blackhole bh) {
        List<Tensor> kept = new ArrayList<>();
        // the sink's tensors are borrowed: keeping one means a copy taken out of the scope
        FeatureSink sink = taps ? (tap, map) -> kept.add(TensorScope.release(Ops.clone(map))) : FeatureSink.NONE;
        try (Tensor img = generator.synthesize(z, sink)) {
            bh.consume(img.numel());
            bh.consume(kept.size());
        } finally {
            kept.forEach(Tensor::close);
        }
    }
}
