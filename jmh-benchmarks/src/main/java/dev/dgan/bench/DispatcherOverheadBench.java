package dev.dgan.bench;

import dev.dgan.runtime.NN;
import dev.dgan.runtime.Tensor;
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

import java.util.concurrent.TimeUnit;

/**
 * Cost of one round trip through torch_call_dispatcher for ops whose arithmetic is negligible:
 * argument encoding, the call, and freeing the result. Sample mode reports the median.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class DispatcherOverheadBench {

    private Tensor x;
    private Tensor w;
    private Tensor b;

    @Setup
    public void setup() {
        x = Tensor.of(new float[] {1f, -2f, 3f, -4f}, 1, 4);
        w = Tensor.of(new float[] {1f, 0f, 0f, 1f, 1f, 1f, 1f, 1f}, 2, 4);
        b = Tensor.of(new float[] {0.5f, -0.5f}, 2);
    }

    @TearDown
    public void tearDown() {
        x.close();
        w.close();
        b.close();
    }

    /** One tensor in, one out. */
    @Benchmark
    public void relu(Blackhole bh) {
        try (Tensor y = NN.relu(x)) {
            bh.consume(y);
        }
    }

    /** Three tensors in (one optional), one out. */
    @Benchmark
    public void linear(Blackhole bh) {
        try (Tensor y = NN.linear(x, w, b)) {
            bh.consume(y);
        }
    }
}
