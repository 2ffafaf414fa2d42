package dev.dgan.vqgan;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Ops;
import dev.dgan.runtime.TestDevice;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Image to codes (encoder, quant_conv, nearest code) and back (the round trip), against the vqgan-encoder fixture. */
@ExtendWith(NoTensorLeaks.class)
class EncoderParityTest {

    static final String FIXTURE = "vqgan-encoder";

    @ParameterizedTest(name = "weights from {0}")
    @ValueSource(strings = {"last.ckpt", "vq_model.safetensors"})
    void encodeMatchesTheReference(String weights) throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_encode.safetensors");
        Map<String, float[]> seen = new LinkedHashMap<>();
        long[] indices;
        try (VqganModel m = Fixture.load(FIXTURE, weights);
             Tensor host = Tensor.of(c.get("x"), c.shape("x"));
             Tensor x = Ops.toCopy(host, DType.F32, TestDevice.get());
             VectorQuantizer.Quantized q = m.firstStage().orElseThrow().encode(x, (name, t) -> {
                 assertArrayEquals(c.shape(name), t.shape(), name + ": shape");
                 seen.put(name, t.toFloatArray());
             });
             Tensor xrec = m.firstStage().orElseThrow().decode(q.zq(), Trace.NONE)) {
            seen.put("z_q", q.zq().toFloatArray());
            seen.put("qloss", new float[] {(float) q.loss().item()});
            seen.put("xrec", xrec.toFloatArray());
            assertArrayEquals(c.shape("indices"), q.indices().shape());
            indices = q.indices().toLongArray();
        }
        assertArrayEquals(c.longs("indices"), indices, "codes must match exactly");
        double worst = compare(c, seen, Set.of("x", "indices_f32"));
        System.out.println("vqgan encode parity (" + weights + "): worst " + String.format("%.2e", worst));
    }

    @ParameterizedTest(name = "weights from {0}")
    @ValueSource(strings = {"last.ckpt", "vq_model.safetensors"})
    void roundTripMatchesTheReference(String weights) throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_roundtrip.safetensors");
        Map<String, float[]> seen = new LinkedHashMap<>();
        try (VqganModel m = Fixture.load(FIXTURE, weights);
             Tensor codes = Tensor.of(c.longs("rt.indices"), c.shape("rt.indices"));
             Tensor img = m.firstStage().orElseThrow().decodeCodes(codes, (name, t) -> seen.put("rt." + name, t.toFloatArray()))) {
            seen.put("rt.img", img.toFloatArray());
        }
        double worst = compare(c, seen, Set.of());
        System.out.println("vqgan round-trip parity (" + weights + "): worst " + String.format("%.2e", worst));
    }

    private static double compare(Fixture.Case c, Map<String, float[]> seen, Set<String> skip) {
        double worst = 0;
        List<String> report = new ArrayList<>();
        for (String name : c.values().keySet()) {
            if (skip.contains(name)) continue;
            assertTrue(seen.containsKey(name), "never produced " + name);
            double d = Fixture.maxAbsDiff(c.get(name), seen.get(name));
            report.add(name + " " + String.format("%.2e", d));
            worst = Math.max(worst, d);
            assertTrue(d <= Fixture.ATOL, name + ": max abs diff " + d + " > " + Fixture.ATOL);
        }
        System.out.println(String.join(", ", report));
        return worst;
    }
}
