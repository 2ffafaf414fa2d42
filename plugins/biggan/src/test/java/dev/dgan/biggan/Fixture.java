package dev.dgan.biggan;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The biggan-deep parity fixture, copied into the test resources. */
final class Fixture {

    private Fixture() {}

    static Path file(String name) {
        try {
            var url = Fixture.class.getResource("/biggan-deep/" + name);
            if (url == null) throw new IllegalStateException("test resource biggan-deep/" + name + " is missing");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigGanDeepConfig config() {
        try {
            return BigGanDeepConfig.fromJson(file("native/config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A recorded case: name -> values and shape. */
    record Case(Map<String, float[]> values, Map<String, long[]> shapes) {
        float[] get(String name) {
            float[] v = values.get(name);
            if (v == null) throw new IllegalArgumentException("case has no " + name);
            return v;
        }
    }

    static Case readCase(String t) {
        try (SafetensorsFile f = SafetensorsFile.open(file("case_t" + t + ".safetensors"))) {
            Map<String, float[]> v = new LinkedHashMap<>();
            Map<String, long[]> s = new LinkedHashMap<>();
            for (String n : f.names()) {
                try (Tensor x = f.tensor(n)) {
                    v.put(n, x.toFloatArray());
                    s.put(n, x.shape());
                }
            }
            return new Case(v, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double maxAbsDiff(float[] a, float[] b) {
        return dev.dgan.runtime.Differences.maxAbs(a, b);
    }
}
