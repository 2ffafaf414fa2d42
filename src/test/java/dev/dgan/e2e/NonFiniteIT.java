package dev.dgan.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NaN never passes silently: not in a generator's weights, not out of a diverged training run. */
class NonFiniteIT {

    @Test
    void aGeneratorWithANanWeightIsRefusedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("G_nan.safetensors");
        String tensor = withNaN(SampleCommandIT.demo().resolve("G_ema.safetensors"), bad);
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "stylegan2", "--checkpoint", bad.toString(),
                "--config", SampleCommandIT.demo().resolve("config.json").toString(), "--count", "2", "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(bad + ": tensor " + tensor + " holds 1 NaN or infinite values"), r.err());
        assertFalse(Files.exists(dir.resolve("out/latents.safetensors")));
    }

    @Test
    void aDivergedTrainingRunWritesNoModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        DganProcess.Result r = DganProcess.run("train", "--annotations", DganProcess.dist().resolve("demo/annotations").toString(),
                "--out", out.toString(), "--models", "1", "-O", "max-epochs=2", "-O", "lr=1e30");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("training diverged: model 0's last epoch loss is NaN"), r.err());
        assertFalse(Files.exists(out.resolve("model.json")), "no model is written");
    }

    /** Copies a safetensors file with the first element of its first F32 tensor set to NaN; returns that tensor's name. */
    private static String withNaN(Path from, Path to) throws Exception {
        byte[] bytes = Files.readAllBytes(from);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) b.getLong(0);
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        for (var e : header.properties()) {
            if (e.getKey().equals("__metadata__") || !e.getValue().get("dtype").asText().equals("F32")) continue;
            b.putFloat(8 + headerLength + e.getValue().get("data_offsets").get(0).asInt(), Float.NaN);
            Files.write(to, bytes);
            return e.getKey();
        }
        throw new AssertionError("no F32 tensor in " + from);
    }
}
