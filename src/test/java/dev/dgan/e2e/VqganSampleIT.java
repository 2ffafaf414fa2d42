package dev.dgan.e2e;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VQGAN backbone from the command line: listed by {@code dgan plugins}; code grids decoded by {@code dgan sample --latents}. */
class VqganSampleIT {

    @Test
    void pluginsListTheVqganBackbone() throws Exception {
        DganProcess.Result r = DganProcess.run("plugins");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s).*backbone\\s+vqgan .*"), r.out());
    }

    /**
     * The vqgan-decoder fixture's codes through its Lightning last.ckpt (config.json beside it):
     * the image and the decoder taps of each sample match the reference, and the latents file
     * written back holds the same int64 codes.
     */
    @Test
    void codeGridsDecodeLikeTheReference(@TempDir Path out) throws Exception {
        Path fixture = SampleParityIT.repository().resolve("plugins/vqgan/src/test/resources/vqgan-decoder");
        Path cases = fixture.resolve("case_indices.safetensors");
        Path latents = out.resolve("codes.safetensors");
        long[] codes;
        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            var idx = expected.get("indices");
            codes = idx.data().toArray(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
            SafetensorsWriter.write(latents, List.of(new TensorData("codes", DType.I64, idx.shape(), idx.data())), Map.of());
        }
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "vqgan", "--checkpoint",
                fixture.resolve("last.ckpt").toString(), "--latents", latents.toString(), "--save-features",
                "--out", out.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, String> recorded = Map.of("image", "img", "dec.mid", "dec.mid.block_2", "dec.up.2", "dec.up.2.attn.1",
                "dec.up.1", "dec.up.1.block.1", "dec.up.0", "dec.up.0.block.1");
        double worst = 0;
        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            for (int i = 0; i < 2; i++) {
                try (SafetensorsFile got = SafetensorsFile.open(out.resolve(String.format("s/features/sample_%04d.safetensors", i)))) {
                    assertEquals(List.of("dec.mid", "dec.out", "dec.up.0", "dec.up.1", "dec.up.2", "image"),
                            got.names().stream().sorted().toList());
                    for (Map.Entry<String, String> e : recorded.entrySet()) {
                        float[] all = SampleParityIT.floats(expected, e.getValue());
                        int row = all.length / 2;
                        float[] ours = SampleParityIT.floats(got, e.getKey());
                        assertEquals(row, ours.length, e.getKey());
                        for (int k = 0; k < row; k++) worst = Math.max(worst, Math.abs(ours[k] - all[i * row + k]));
                    }
                }
            }
        }
        assertTrue(worst <= SampleParityIT.ATOL, "max abs diff " + worst);
        try (SafetensorsFile written = SafetensorsFile.open(out.resolve("s/latents.safetensors"))) {
            assertEquals(DType.I64, written.get("codes").dtype());
            assertArrayEquals(codes, written.get("codes").data().toArray(
                    ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN)));
        }
        System.out.println("vqgan dgan sample parity: max abs diff " + worst);
    }
}
