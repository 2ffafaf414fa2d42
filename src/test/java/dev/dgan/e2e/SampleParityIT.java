package dev.dgan.e2e;

import dev.dgan.runtime.DType;
import dev.dgan.runtime.safetensors.SafetensorsFile;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Parity checked the way a user checks it: {@code dgan sample --latents <case> --save-features}
 * on the reference's own checkpoint files, compared with the reference's recorded image and taps.
 */
class SampleParityIT {

    static final double ATOL = 1e-4;

    static Path repository() {
        return DganProcess.dist().toAbsolutePath().getParent().getParent().getParent();
    }

    @ParameterizedTest(name = "{0} psi {1}")
    @CsvSource({"G_ema_state_dict.pt, 0.7", "G_ema.safetensors, 1.0", "network-snapshot.pkl, 0.7"})
    void stylegan2FeaturesAndImageMatchTheReference(String checkpointName, String psi, @TempDir Path out) throws Exception {
        Path fixture = repository().resolve("plugins/stylegan/src/test/resources/stylegan2-ada");
        Path checkpoint = fixture.resolve(checkpointName);
        List<String> args = new ArrayList<>(List.of("sample", "--backbone", "stylegan2", "--checkpoint"));
        if (checkpointName.endsWith(".pkl")) {
            // snapshots are never kept in the repository; use the shared fixtures when they are there
            checkpoint = repository().resolveSibling("shared").resolve("fixtures/stylegan2-ada").resolve(checkpointName);
            assumeTrue(Files.isRegularFile(checkpoint), "skipped: no shared fixture " + checkpoint);
            args.add(checkpoint.toString());
        } else {
            args.addAll(List.of(checkpoint.toString(), "--config", fixture.resolve("config.json").toString()));
        }
        Path cases = fixture.resolve("case_psi" + psi + ".safetensors");
        args.addAll(List.of("--latents", cases.toString(), "--truncation", psi, "--save-features", "--out", out.toString()));
        DganProcess.Result r = DganProcess.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());

        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            int n = (int) expected.get("z").shape()[0];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                try (SafetensorsFile got = SafetensorsFile.open(out.resolve(String.format("features/sample_%04d.safetensors", i)))) {
                    List<String> names = got.names();
                    assertTrue(names.contains("image") && names.contains("b32.conv1"), names.toString());
                    for (String name : names) {
                        String recorded = name.equals("image") ? "img" : "feat." + name;
                        float[] all = floats(expected, recorded);
                        long[] shape = expected.get(recorded).shape();
                        assertArrayEquals(Arrays.copyOfRange(shape, 1, shape.length), got.get(name).shape(), name);
                        int row = all.length / n;
                        float[] ours = floats(got, name);
                        for (int k = 0; k < row; k++) {
                            worst = Math.max(worst, Math.abs(ours[k] - all[i * row + k]));
                        }
                    }
                }
            }
            assertTrue(worst <= ATOL, "max abs diff " + worst);
        }
    }

    @ParameterizedTest(name = "biggan-deep truncation {0}")
    @CsvSource({"1.0", "0.4", "0.333"})
    void bigganDeepFeaturesAndImageMatchTheReference(String t, @TempDir Path out) throws Exception {
        Path fixture = repository().resolve("plugins/biggan/src/test/resources/biggan-deep");
        Path cases = fixture.resolve("case_t" + t + ".safetensors");
        // the reference takes one-hot class vectors; dgan takes class ids (c) beside z
        Path latents = out.resolve("latents.safetensors");
        try (SafetensorsFile expected = SafetensorsFile.open(cases); Arena arena = Arena.ofConfined()) {
            float[] z = floats(expected, "z"), onehot = floats(expected, "class_vector");
            long[] zShape = expected.get("z").shape();
            int n = (int) zShape[0], classes = onehot.length / n;
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) for (int k = 0; k < classes; k++) if (onehot[i * classes + k] == 1f) ids[i] = k;
            var zSeg = arena.allocateFrom(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), z);
            var cSeg = arena.allocateFrom(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), ids);
            SafetensorsWriter.write(latents, List.of(
                    new TensorData("z", DType.F32, zShape, zSeg),
                    new TensorData("c", DType.I64, new long[] {n}, cSeg)), Map.of());
        }
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "biggan-deep", "--checkpoint",
                fixture.resolve("native/pytorch_model.bin").toString(), "--latents", latents.toString(), "--truncation", t,
                "--save-features", "--out", out.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            int n = (int) expected.get("z").shape()[0];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                try (SafetensorsFile got = SafetensorsFile.open(out.resolve(String.format("s/features/sample_%04d.safetensors", i)))) {
                    assertTrue(got.names().contains("layer.6") && got.names().contains("class.embedding"), got.names().toString());
                    for (String name : got.names()) {
                        // the class-embedding tap was recorded as feat.embed
                        String recorded = name.equals("image") ? "img" : "feat." + (name.equals("class.embedding") ? "embed" : name);
                        float[] all = floats(expected, recorded);
                        int row = all.length / n;
                        float[] ours = floats(got, name);
                        assertEquals(row, ours.length, name);
                        for (int k = 0; k < row; k++) worst = Math.max(worst, Math.abs(ours[k] - all[i * row + k]));
                    }
                }
            }
            assertTrue(worst <= ATOL, "max abs diff " + worst);
        }
    }

    /**
     * Brock's BigGAN-PyTorch generator (as BigDatasetGAN runs it) from its native torch.save
     * checkpoint with config.json beside it: the image, every feat.k and the class embedding
     * (the reference's y) of each sample.
     */
    @Test
    void bigganBrockFeaturesAndImageMatchTheReference(@TempDir Path out) throws Exception {
        Path fixture = repository().resolve("plugins/biggan/src/test/resources/biggan512-brock");
        Path cases = fixture.resolve("case.safetensors");
        Path latents = out.resolve("latents.safetensors");
        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            var z = expected.get("z");
            var c = expected.get("class_idx");
            SafetensorsWriter.write(latents, List.of(new TensorData("z", DType.F32, z.shape(), z.data()),
                    new TensorData("c", DType.I64, c.shape(), c.data())), Map.of());
        }
        DganProcess.Result r = DganProcess.run("sample", "--backbone", "biggan", "--checkpoint",
                fixture.resolve("biggan-tiny128.pth").toString(), "--latents", latents.toString(), "--save-features",
                "--out", out.resolve("s").toString());
        assertEquals(0, r.exit(), r.err());
        try (SafetensorsFile expected = SafetensorsFile.open(cases)) {
            int n = (int) expected.get("z").shape()[0];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                try (SafetensorsFile got = SafetensorsFile.open(out.resolve(String.format("s/features/sample_%04d.safetensors", i)))) {
                    assertEquals(List.of("class.embedding", "feat.0", "feat.1", "feat.2", "feat.3", "feat.4", "feat.5", "image"),
                            got.names().stream().sorted().toList());
                    for (String name : got.names()) {
                        String recorded = switch (name) {
                            case "image" -> "img";
                            case "class.embedding" -> "y";
                            default -> name;
                        };
                        float[] all = floats(expected, recorded);
                        int row = all.length / n;
                        float[] ours = floats(got, name);
                        assertEquals(row, ours.length, name);
                        for (int k = 0; k < row; k++) worst = Math.max(worst, Math.abs(ours[k] - all[i * row + k]));
                    }
                }
            }
            assertTrue(worst <= ATOL, "max abs diff " + worst);
            System.out.println("biggan (brock) dgan sample parity: max abs diff " + worst);
        }
    }

    static float[] floats(SafetensorsFile f, String name) {
        return f.get(name).data().toArray(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }
}
