package dev.dgan.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one loop in a fresh JVM whose Java heap is small and pre-touched, so the process's
 * resident set changes only with native memory, and reports VmRSS before and after.
 *
 * <p>Output: one line {@code PROBE <rss before KiB> <rss after KiB> <live before> <live after>}.
 */
public final class LeakProbe {

    /** What a probe measured. */
    record Result(long rssBeforeKiB, long rssAfterKiB, long liveBefore, long liveAfter) {
        long growthKiB() {
            return rssAfterKiB - rssBeforeKiB;
        }
    }

    private LeakProbe() {}

    public static void main(String[] args) {
        String mode = args[0];
        int warmUp = Integer.parseInt(args[1]), iterations = Integer.parseInt(args[2]);
        Runnable body = switch (mode) {
            case "ops" -> opsBody();
            case "errors" -> errorsBody();
            case "closed-generator" -> closedGeneratorBody();
            case "adam-first" -> adamFirstBody();
            default -> throw new IllegalArgumentException("unknown probe " + mode);
        };
        for (int i = 0; i < warmUp; i++) body.run();
        System.gc();
        long live = Tensor.liveCount();
        long before = TestSupport.rssKiB();
        for (int i = 0; i < iterations; i++) body.run();
        System.gc();
        long after = TestSupport.rssKiB();
        System.out.println("PROBE " + before + " " + after + " " + live + " " + Tensor.liveCount());
    }

    /** Create a 4 KiB tensor, add, relu, all freed by a scope. */
    private static Runnable opsBody() {
        float[] values = TestSupport.randn(new java.util.Random(3), 1024);
        return () -> {
            try (TensorScope s = TensorScope.open()) {
                Tensor x = Tensor.of(values, 32, 32);
                Tensor y = Ops.add(x, x);
                NN.relu(y);
            }
        };
    }

    /** A fresh 16 KiB tensor passed to an op libtorch rejects (alternately cat and pad). */
    private static Runnable errorsBody() {
        float[] values = new float[4096];
        Tensor other = Tensor.of(new float[9], 3, 3);
        int[] n = {0};
        return () -> {
            try (Tensor x = Tensor.of(values, 64, 64)) {
                boolean cat = (n[0]++ & 1) == 0;
                try {
                    if (cat) Ops.cat(List.of(x, other), 0);
                    else Ops.pad(x, new long[] {1, 1, 1}, 0.0);
                } catch (TorchException expected) {
                    return;
                }
                throw new AssertionError((cat ? "cat" : "pad") + " did not fail");
            }
        };
    }

    /** normal_ with a closed generator into a 64 MiB tensor (mmap-sized: freed means unmapped) that is then closed. */
    private static Runnable closedGeneratorBody() {
        Generator closed = Generator.seeded(1);
        closed.close();
        return () -> {
            Tensor t = Ops.full(1, DType.F32, Device.CPU, 16L << 20);
            try {
                Ops.normal_(t, closed, 0, 1);
                throw new AssertionError("normal_ with a closed generator did not fail");
            } catch (IllegalStateException expected) {
                // the tensor argument encoded before the generator must not leak
            } finally {
                t.close();
            }
        };
    }

    /**
     * Adam.step as the process's first use of gradients: step reads them under noGrad, so the
     * one-time check behind Autograd.grad must not depend on grad mode.
     */
    private static Runnable adamFirstBody() {
        return () -> {
            try (TensorScope s = TensorScope.open()) {
                Tensor p = Tensor.of(new float[] {1, -2}, 2);
                Autograd.requiresGrad(p, true);
                try (Adam adam = new Adam(java.util.List.of(p), 0.5)) {
                    Autograd.backward(Ops.sum(Ops.square(p)));
                    adam.step();
                }
                float[] v = p.toFloatArray();
                if (Math.abs(v[0] - 0.5f) > 1e-6 || Math.abs(v[1] + 1.5f) > 1e-6) {
                    throw new AssertionError("after one Adam step: " + java.util.Arrays.toString(v));
                }
            }
        };
    }

    /** Runs a probe in a child JVM and returns what it measured. */
    static Result run(String mode, int warmUp, int iterations) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xms48m", "-Xmx48m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC"));
        String libtorch = System.getProperty("dgan.libtorch");
        if (libtorch != null) cmd.add("-Ddgan.libtorch=" + libtorch);
        cmd.addAll(List.of("-cp", classPath, LeakProbe.class.getName(), mode, "" + warmUp, "" + iterations));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("probe " + mode + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) throw new AssertionError("probe " + mode + " exited " + p.exitValue() + ":\n" + text);
            String line = text.lines().filter(l -> l.startsWith("PROBE ")).findFirst()
                    .orElseThrow(() -> new AssertionError("probe " + mode + " printed no result:\n" + text));
            String[] f = line.split(" ");
            return new Result(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
