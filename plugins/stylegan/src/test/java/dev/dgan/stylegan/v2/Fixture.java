package dev.dgan.stylegan.v2;

import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.checkpoint.TorchCheckpoint;
import dev.dgan.runtime.safetensors.SafetensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The stylegan2-ada parity fixture, copied into the test resources. */
final class Fixture {

    private Fixture() {}

    static Path file(String name) {
        try {
            var url = Fixture.class.getResource("/stylegan2-ada/" + name);
            if (url == null) throw new IllegalStateException("test resource stylegan2-ada/" + name + " is missing");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static StyleGan2Config config() {
        try {
            return StyleGan2Config.fromJson(file("config.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code f} with the safetensors state dict; the tensors are closed afterwards. */
    static <T> T withSafetensors(Function<Map<String, Tensor>, T> f) {
        try (SafetensorsFile file = SafetensorsFile.open(file("G_ema.safetensors"))) {
            Map<String, Tensor> sd = file.tensors();
            try {
                return f.apply(sd);
            } finally {
                sd.values().forEach(Tensor::close);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code f} with the torch.save state dict; the tensors are closed afterwards. */
    static <T> T withPt(Function<Map<String, Tensor>, T> f) {
        Map<String, Tensor> sd;
        try {
            sd = TorchCheckpoint.stateDict(file("G_ema_state_dict.pt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return f.apply(sd);
        } finally {
            sd.values().forEach(Tensor::close);
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

    static Case readCase(String psi) {
        try (SafetensorsFile f = SafetensorsFile.open(file("case_psi" + psi + ".safetensors"))) {
            Map<String, float[]> v = new LinkedHashMap<>();
            Map<String, long[]> s = new LinkedHashMap<>();
            for (String n : f.names()) {
                try (Tensor t = f.tensor(n)) {
                    v.put(n, t.toFloatArray());
                    s.put(n, t.shape());
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
