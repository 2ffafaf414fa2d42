package dev.dgan.bench;

import dev.dgan.runtime.Ops;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** 2048 x 2048 float32 matrix product: libtorch through the runtime vs a plain Java loop. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MatmulBench {

    static final int N = 2048;

    private float[] a;
    private float[] b;
    private float[] c;
    private Tensor ta;
    private Tensor tb;

    @Setup
    public void setup() {
        Random r = new Random(1);
        a = new float[N * N];
        b = new float[N * N];
        c = new float[N * N];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        ta = Tensor.of(a, N, N);
        tb = Tensor.of(b, N, N);
    }

    @TearDown
    public void tearDown() {
        ta.close();
        tb.close();
    }

    @Benchmark
    public void runtime(Blackhole bh) {
        try (Tensor y = Ops.mm(ta, tb)) {
            bh.consume(y);
        }
    }

    /** i-k-j order so the inner loop streams rows and the JIT can vectorise it. */
    @Benchmark
    public float plainJava() {
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < N; i++) {
            int row = i * N;
            for (int k = 0; k < N; k++) {
                float aik = a[row + k];
                int brow = k * N;
                for (int j = 0; j < N; j++) {
                    c[row + j] += aik * b[brow + j];
                }
            }
        }
        return c[N * N - 1];
    }
}
