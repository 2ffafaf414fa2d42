package dev.dgan.host.train;

import dev.dgan.api.Backbone;
import dev.dgan.api.BackboneInfo;
import dev.dgan.api.Conditioning;
import dev.dgan.api.FeatureSink;
import dev.dgan.api.FeatureTap;
import dev.dgan.api.Latents;
import dev.dgan.api.SampleRequest;
import dev.dgan.api.TapLevel;
import dev.dgan.api.task.LabelMap;
import dev.dgan.host.annotate.AnnotatedSample;
import dev.dgan.runtime.DType;
import dev.dgan.runtime.Device;
import dev.dgan.runtime.NoTensorLeaks;
import dev.dgan.runtime.Tensor;
import dev.dgan.runtime.safetensors.SafetensorsWriter;
import dev.dgan.runtime.safetensors.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(NoTensorLeaks.class)
class RenderedSamplesTest {

    /**
     * A class-conditional backbone small enough to check by hand: the image is grey at level
     * z[0], tap "t" is z[0] everywhere and the class embedding is the class id.
     */
    static final class Toy implements Backbone {
        static final FeatureTap T = new FeatureTap("t", 1, 4), EMB = new FeatureTap(FeatureTap.CLASS_EMBEDDING, 1, 1);
        final BackboneInfo info = new BackboneInfo("toy", "v", 4, 3, new Conditioning.ClassLabels(5), 2, 0, 0, List.of(EMB, T));
        int calls;

        @Override
        public BackboneInfo info() {
            return info;
        }

        @Override
        public Latents sample(SampleRequest request) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public Tensor synthesize(Latents latents, FeatureSink taps) {
            calls++;
            float[] z = latents.values().cpu().toFloatArray();
            long[] c = latents.classes().orElseThrow().cpu().toLongArray();
            int n = c.length;
            float[] image = new float[n * 3 * 16], t = new float[n * 16], emb = new float[n];
            for (int i = 0; i < n; i++) {
                emb[i] = c[i];
                for (int k = 0; k < 16; k++) t[i * 16 + k] = z[i * 2];
                for (int k = 0; k < 48; k++) image[i * 48 + k] = z[i * 2];
            }
            try (Tensor e = Tensor.of(emb, n, 1, 1, 1); Tensor m = Tensor.of(t, n, 1, 4, 4)) {
                taps.accept(EMB, e);
                taps.accept(T, m);
            }
            return Tensor.of(image, n, 3, 4, 4);
        }

        @Override
        public void close() {
        }
    }

    private static Path latents(Path dir, float[] z, long[] c) throws Exception {
        Path file = dir.resolve("latents.safetensors");
        MemorySegment zs = MemorySegment.ofArray(z), cs = MemorySegment.ofArray(c);
        SafetensorsWriter.write(file, List.of(new TensorData("z", DType.F32, new long[] {c.length, 2}, zs),
                new TensorData("c", DType.I64, new long[] {c.length}, cs)), Map.of());
        return file;
    }

    /** The PNG the toy renders for level {@code z0}, or {@code offset} levels brighter. */
    private static Path image(Path dir, int i, float z0, int offset) throws Exception {
        int level = Math.round((z0 + 1) * 127.5f) + offset;
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) img.setRGB(x, y, level * 0x010101);
        Path p = dir.resolve("sample_" + i + ".png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void batchesAreRenderedFromTheirLatentRowsAndClasses(@TempDir Path dir) throws Exception {
        float[] z = {-0.5f, 0, 0.25f, 0, 0.5f, 0};
        Path file = latents(dir, z, new long[] {4, 1, 2});
        List<AnnotatedSample> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++)
            samples.add(new AnnotatedSample(i, (long) i, new int[] {4, 1, 2}[i], i, image(dir, i, z[2 * i], i == 1 ? 40 : 0),
                    new LabelMap(4, 4, new byte[16])));
        StringWriter warnings = new StringWriter();
        Toy toy = new Toy();
        try (RenderedSamples set = RenderedSamples.open(toy, file, samples, 1.0, toy.info.taps(), Device.CPU, new PrintWriter(warnings, true))) {
            List<float[]> seen = new ArrayList<>();
            set.withFeatures(new int[] {2, 0}, taps -> {
                assertArrayEquals(new long[] {2, 1, 4, 4}, taps.get("t").shape());
                seen.add(taps.get("t").cpu().toFloatArray());
                seen.add(taps.get(FeatureTap.CLASS_EMBEDDING).cpu().toFloatArray());
            });
            assertEquals(0.5f, seen.get(0)[0]);
            assertEquals(-0.5f, seen.get(0)[16]);
            assertArrayEquals(new float[] {2, 4}, seen.get(1), "class ids follow the rows asked for");

            RenderedSamples fold = set.subset(List.of(samples.get(1)));
            fold.withFeatures(new int[] {0}, taps -> assertEquals(0.25f, taps.get("t").cpu().toFloatArray()[0]));
            fold.withFeatures(new int[] {0}, taps -> { });
            assertEquals(3, toy.calls);
            String w = warnings.toString();
            assertTrue(w.contains("sample_1.png differs"), w);
            assertEquals(w.indexOf("differs"), w.lastIndexOf("differs"), "one warning per sample, however often it is rendered: " + w);
            assertThrows(IndexOutOfBoundsException.class, () -> fold.withFeatures(new int[] {1}, taps -> { }));
        }
    }

    @Test
    void aClassTheManifestRecordsMustMatchTheLatentsFile(@TempDir Path dir) throws Exception {
        Path file = latents(dir, new float[] {0, 0}, new long[] {3});
        AnnotatedSample s = new AnnotatedSample(0, 0L, 1, 0, image(dir, 0, 0, 0), new LabelMap(4, 4, new byte[16]));
        Toy toy = new Toy();
        var e = assertThrows(IllegalArgumentException.class,
                () -> RenderedSamples.open(toy, file, List.of(s), 1.0, toy.info.taps(), Device.CPU, new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("holds class 3") && e.getMessage().contains("records class 1"), e.getMessage());
    }

    @Test
    void levelsAreCutDownToTheChosenTaps() {
        List<TapLevel> levels = List.of(new TapLevel("low", 4, List.of("a", "b")), new TapLevel("high", 16, List.of("c")));
        List<TapLevel> cut = TrainRun.levelsFor(levels, List.of(new FeatureTap("b", 1, 4), new FeatureTap("x", 1, 1)));
        assertEquals(List.of(new TapLevel("low", 4, List.of("b"))), cut);
    }
}
