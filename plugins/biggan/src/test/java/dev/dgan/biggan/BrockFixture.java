package dev.dgan.biggan;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The biggan512-brock parity fixture (tiny 128px BigGAN-PyTorch generator), copied into the test resources. */
final class BrockFixture {

    private BrockFixture() {}

    static Path file(String name) {
        return Fixture.file("../biggan512-brock/" + name).normalize();
    }

    static BigGan512Config config() {
        try {
            return BigGan512Config.fromJson(file("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BigGan512Backbone load(String format) throws IOException {
        return BigGan512Checkpoints.load(file(format.equals("pth") ? "biggan-tiny128.pth" : "G.safetensors"), config(),
                dev.dgan.runtime.TestDevice.get());
    }

    /** case.safetensors: float tensors by name, with shapes; class_idx as longs. */
    record Case(Map<String, float[]> values, Map<String, long[]> shapes, long[] classes) {
        float[] get(String name) {
            float[] v = values.get(name);
            if (v == null) throw new IllegalArgumentException("case has no " + name);
            return v;
        }
    }

    static Case readCase() {
        try (SafetensorsFile f = SafetensorsFile.open(file("case.safetensors"))) {
            Map<String, float[]> v = new LinkedHashMap<>();
            Map<String, long[]> s = new LinkedHashMap<>();
            long[] classes = null;
            for (String n : f.names()) {
                try (Tensor x = f.tensor(n)) {
                    if (n.equals("class_idx")) {
                        classes = x.toLongArray();
                    } else {
                        v.put(n, x.toFloatArray());
                        s.put(n, x.shape());
                    }
                }
            }
            return new Case(v, s, classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
