package dev.dgan.vqgan;

import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Codes to image through the codebook, post_quant_conv and the decoder: every recorded intermediate. */
@ExtendWith(NoTensorLeaks.class)
class DecoderParityTest {

    static final String FIXTURE = "vqgan-decoder";

    @ParameterizedTest(name = "weights from {0}")
    @ValueSource(strings = {"last.ckpt", "vq_decoder.safetensors"})
    void everyDecoderOutputMatchesTheReference(String weights) throws IOException {
        Fixture.Case c = Fixture.readCase(FIXTURE, "case_indices.safetensors");
        Map<String, float[]> seen = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (VqganModel m = Fixture.load(FIXTURE, weights);
             Tensor codes = Tensor.of(c.longs("indices"), c.shape("indices"));
             Tensor img = m.firstStage().orElseThrow().decodeCodes(codes, (name, x) -> {
                 seen.put(name, x.toFloatArray());
                 shapes.put(name, x.shape());
             })) {
            assertTrue(m.transformer().isEmpty());
            seen.put("img", img.toFloatArray());
            shapes.put("img", img.shape());
        }
        List<String> report = new ArrayList<>();
        double worst = 0;
        int compared = 0;
        for (String name : c.values().keySet()) {
            if (name.equals("indices_f32")) continue;
            assertTrue(seen.containsKey(name), "the decoder never produced " + name);
            assertArrayEquals(c.shape(name), shapes.get(name), name + ": shape");
            double d = Fixture.maxAbsDiff(c.get(name), seen.get(name));
            report.add(name + " " + String.format("%.2e", d));
            worst = Math.max(worst, d);
            compared++;
            assertTrue(d <= Fixture.ATOL, name + ": max abs diff " + d + " > " + Fixture.ATOL);
        }
        // z_q is the exact codebook rows
        assertEquals(0.0, Fixture.maxAbsDiff(c.get("z_q"), seen.get("z_q")));
        assertEquals(c.values().size() - 1, compared);
        System.out.println("vqgan decoder parity (" + weights + "): worst " + String.format("%.2e", worst) + "; "
                + String.join(", ", report));
    }
}
