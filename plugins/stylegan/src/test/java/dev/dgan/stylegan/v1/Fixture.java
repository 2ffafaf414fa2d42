package dev.dgan.stylegan.v1;

import dev.dgan.runtime.Ops;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stylegan1-datasetgan parity fixture copied under src/test/resources (see its README.md). */
final class Fixture {

    /** Parity tolerance: the fixture's own batch-1 vs batch-2 runs differ by up to 3.1e-5. */
    static final double ATOL = 1e-4;
    /**
     * Part of the tolerance relative to the tensor's largest value: the 128 px case's features
     * reach 44 in magnitude, where float32 rounding alone is 4e-6 per operation, and one CPU's
     * kernels (seen on AMD EPYC) land 1.7e-4 from the reference there.
     */
    static final double RTOL = 1e-5;

    private Fixture() {}

    static Path path(String name) {
        try {
            var url = Fixture.class.getResource("/stylegan1-datasetgan/" + name);
            if (url == null) throw new IllegalStateException("missing test resource stylegan1-datasetgan/" + name);
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every tensor of a safetensors file, copied (owned by the caller's scope). */
    static Map<String, Tensor> load(String name) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(path(name))) {
            for (String n : f.names()) out.put(n, Ops.clone(f.tensor(n)));
        }
        return out;
    }

    /** The case file's fixed noise, keyed by noise layer name (the {@code noise.} prefix removed). */
    static Map<String, Tensor> noise(Map<String, Tensor> c) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        c.forEach((k, v) -> {
            if (k.startsWith("noise.")) out.put(k.substring("noise.".length()), v);
        });
        return out;
    }

    static double maxAbsDiff(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        return dev.dgan.runtime.Differences.maxAbs(expected.toFloatArray(), actual.toFloatArray());
    }

    /** Asserts max |expected - actual| <= ATOL + RTOL * max|expected| and returns the max abs diff. */
    static double assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape " + Arrays.toString(actual.shape()));
        double d = maxAbsDiff(expected, actual);
        double worst = dev.dgan.runtime.Differences.worstAgainstScale(expected.toFloatArray(), actual.toFloatArray(), ATOL, RTOL);
        assertTrue(worst <= 1, what + ": max abs diff " + d + ", beyond " + ATOL + " + " + RTOL + " * max|expected| by a factor " + worst);
        return d;
    }
}
