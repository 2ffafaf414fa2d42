package dev.dgan.vqgan;

import dev.dgan.runtime.TestDevice;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The vqgan-decoder, vqgan-encoder and vqgan-transformer parity fixtures, copied into the test resources. */
final class Fixture {

    static final double ATOL = 1e-4;

    private Fixture() {}

    static Path file(String fixture, String name) {
        try {
            var url = Fixture.class.getResource("/" + fixture + "/" + name);
            if (url == null) throw new IllegalStateException("test resource " + fixture + "/" + name + " is missing");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's model on the test device ({@link TestDevice}); outputs are compared after copying back. */
    static VqganModel load(String fixture, String weights) throws IOException {
        VqganConfig config = VqganConfig.read(file(fixture, "config.json"));
        return VqganModel.read(file(fixture, weights), config, TestDevice.get());
    }

    /** A recorded case: name -> values (as float) and shape. */
    record Case(Map<String, float[]> values, Map<String, long[]> shapes, Map<String, long[]> ints) {
        float[] get(String name) {
            float[] v = values.get(name);
            if (v == null) throw new IllegalArgumentException("case has no " + name);
            return v;
        }

        long[] longs(String name) {
            long[] v = ints.get(name);
            if (v == null) throw new IllegalArgumentException("case has no integer tensor " + name);
            return v;
        }

        long[] shape(String name) {
            return shapes.get(name);
        }
    }

    static Case readCase(String fixture, String name) {
        try (SafetensorsFile f = SafetensorsFile.open(file(fixture, name))) {
            Map<String, float[]> v = new LinkedHashMap<>();
            Map<String, long[]> s = new LinkedHashMap<>();
            Map<String, long[]> i = new LinkedHashMap<>();
            for (String n : f.names()) {
                try (Tensor x = f.tensor(n)) {
                    s.put(n, x.shape());
                    if (x.dtype().isFloatingPoint()) v.put(n, x.toFloatArray());
                    else i.put(n, x.toLongArray());
                }
            }
            return new Case(v, s, i);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        return dev.dgan.runtime.Differences.maxAbs(a, b);
    }
}
